using System.Text;
using System.Text.Json;
using StructuredChat.Runtime.Tests.Tokenizer;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// Every partial state is consistent with the final object: strings are prefixes of their final value, completed
/// values equal the final ones and never change again, and array lengths never shrink.
/// </summary>
public class MonotonicityTests
{
    public static TheoryData<string> CaseNames() => new(Corpus.All().Where(c => !c.Name.StartsWith("duplicate", StringComparison.Ordinal)).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Every_partial_state_is_consistent_with_the_final_object(string name)
    {
        var corpusCase = Corpus.All().Single(c => c.Name == name);
        var utf8 = Encoding.UTF8.GetBytes(corpusCase.Json);
        using var final = JsonDocument.Parse(utf8);
        foreach (var pieces in new[] { EquivalenceCheck.OneByte(utf8.Length), TokenizerFeeding.RandomPieces(utf8.Length, 7, 5) })
        {
            var (reader, current) = corpusCase.CreateReader();
            var completed = new Dictionary<string, string>();
            var lengths = new Dictionary<string, int>();
            var textsBefore = new Dictionary<string, int>();
            foreach (var piece in pieces)
            {
                var update = reader(utf8.AsSpan(piece).ToArray());
                foreach (var change in update.Changes)
                {
                    Assert.True(Resolve(final.RootElement, change.Path).HasValue, $"change at '{change.Path}', which the final document lacks");
                }

                var texts = new Dictionary<string, int>();
                Walk(current(), final.RootElement, completed, lengths, texts);

                // An update says a text grew exactly when it did: no growth unreported, none reported that did not happen.
                var grew = update.Changes.Where(c => c.Kind is PartialChangeKind.PropertyGrew or PartialChangeKind.ElementGrew).Select(c => c.Path).ToHashSet();
                foreach (var (path, length) in texts)
                {
                    var longer = length > textsBefore.GetValueOrDefault(path);
                    Assert.True(longer == grew.Contains(path), $"'{path}' went from {textsBefore.GetValueOrDefault(path)} to {length} chars, but the update ({update}) {(longer ? "does not say it grew" : "says it grew")}");
                }

                Assert.True(grew.IsSubsetOf(texts.Keys), $"the update ({update}) says a value grew that is not a text");
                textsBefore = texts;
            }

            Assert.True(current().IsClosed, "the root object never completed");
        }
    }

    private static void Walk(PartialContainer container, JsonElement final, Dictionary<string, string> completed, Dictionary<string, int> lengths, Dictionary<string, int> texts)
    {
        var count = container.SlotCount;
        if (container is PartialArray array)
        {
            Assert.True(final.ValueKind == JsonValueKind.Array);
            Assert.True(array.Count <= final.GetArrayLength(), $"'{container.ContainerPath}' has more elements than the final array");
            Assert.True(array.Count >= lengths.GetValueOrDefault(container.ContainerPath), $"'{container.ContainerPath}' shrank");
            lengths[container.ContainerPath] = array.Count;
        }

        for (var i = 0; i < count; i++)
        {
            ref var slot = ref container.Slot(i);
            if (slot.State == PartialValueState.Missing)
            {
                continue;
            }

            var path = container.ChildPath(i);
            var finalValue = Resolve(final, container is PartialArray ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : ((PartialObject)container).Info.Properties[i].JsonName);
            Assert.True(finalValue.HasValue, $"'{path}' is not in the final document");
            var expected = finalValue.Value;
            switch (slot.Value)
            {
                case PartialString text:
                    Assert.StartsWith(text.Value, expected.GetString()!, StringComparison.Ordinal);
                    texts[path] = text.Value.Length;
                    if (slot.State == PartialValueState.Complete)
                    {
                        Assert.Equal(expected.GetString(), text.Value);
                    }

                    break;
                case PartialContainer nested:
                    Assert.Equal(slot.State == PartialValueState.Complete, nested.IsClosed);
                    Walk(nested, expected, completed, lengths, texts);
                    break;
                default:
                    Assert.Equal(PartialValueState.Complete, slot.State);
                    var shown = Convert.ToString(slot.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "null";
                    if (completed.TryGetValue(path, out var before))
                    {
                        Assert.True(before == shown, $"'{path}' changed after it completed: {before} -> {shown}");
                    }

                    completed[path] = shown;
                    if (expected.ValueKind == JsonValueKind.Null)
                    {
                        Assert.Null(slot.Value);
                    }

                    break;
            }
        }
    }

    private static JsonElement? Resolve(JsonElement element, string path)
    {
        if (path.Length == 0)
        {
            return element;
        }

        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                JsonElement last = default;
                var found = false;
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == segment)
                    {
                        last = property.Value;
                        found = true;
                    }
                }

                if (!found)
                {
                    return null;
                }

                element = last;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return null;
            }
        }

        return element;
    }
}

