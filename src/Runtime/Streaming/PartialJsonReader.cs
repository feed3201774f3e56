using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using StructuredChat.Metadata;

namespace StructuredChat.Streaming;

/// <summary>Options for <see cref="PartialJsonReader{T}"/>.</summary>
public sealed class PartialJsonReaderOptions
{
    /// <summary>The deepest nesting of objects and arrays accepted; deeper input is an error. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The largest answer accepted, in UTF-8 bytes (including any prose around the JSON); null for no limit.</summary>
    public long? MaxBytes { get; init; }
}

/// <summary>
/// Reads a JSON answer of type <typeparamref name="T"/> while it streams in: feed it chunks of any size (even one byte)
/// with <c>Append</c>, read the growing <see cref="Current"/> partial object at any time, and call
/// <see cref="Complete"/> at the end for the validated <typeparamref name="T"/>. Each byte is read once, so the total
/// work is linear in the answer's length however it is split.
/// </summary>
/// <remarks>
/// Whitespace, a Markdown code fence or prose before the first <c>{</c> and anything after the final <c>}</c> are
/// skipped (models write them); nothing else is repaired. Unknown properties are skipped at any depth; for a
/// duplicated property the last value wins, as in System.Text.Json.
/// </remarks>
/// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
public sealed class PartialJsonReader<T> : IJsonTokenSink
    where T : IParallelResponse<T>
{
    private readonly ParallelTypeInfo<T> _typeInfo;
    private readonly JsonStreamTokenizer _tokenizer;
    private readonly long? _maxBytes;

    // Everything appended, for RawText and errors: segments that never move, so keeping a long answer stays linear.
    private Utf8Segments _raw;
    private RawAnswerText? _rawSnapshot;
    // The changes of the current Append; copied out into the update it returns.
    private PartialChange[] _changes = new PartialChange[8];
    private int _changeCount;
    // Where updates of more than two changes keep them (see ChangeLog).
    private ChangeLog _log;
    // Made at the first character input (most callers append UTF-8).
    private Encoder? _utf8Encoder;

    private Frame[] _frames = new Frame[8];
    private int _depth;
    private bool _rootStarted;

    // Value currently being read as a string, and the update that says it grew (made once per value). A finished value
    // nobody was given is kept as a run in its slot, and its object is the next value's (_spareString).
    private PartialString? _string;
    private PartialString? _spareString;
    private PartialUpdate _stringGrew;

    // Set after each read: whether the next append of text without a quote or control byte only continues _string (see
    // JsonStreamTokenizer.CanTakeStringText), and whether plain ASCII text is then stored as it is (IsInPlainStringText).
    private bool _takesStringText;
    private bool _takesPlainText;

    // While AppendStringText reads, the only change is the growth of _string: noted here, not in the change list.
    private bool _readingText;
    private bool _textGrew;

    // The bytes of every string value, one after another (only the current one grows).
    private readonly Utf8Arena _strings = new();
    private byte[]? _scratch;
    private int _scratchLength;
    private Target _scratchTarget;

    // Skipping an unknown or mistyped value: how many containers deep.
    private int _skipDepth;
    private bool _skipNextValue;

    // Values that did not fit their type, in document order; a later duplicate of a property forgets those inside it.
    private readonly List<ValueError> _errors = [];
    private JsonStreamException? _syntaxError;

    private PartialJsonReader(PartialJsonReaderOptions? options)
    {
        _typeInfo = T.TypeInfo;
        _maxBytes = options?.MaxBytes;
        _tokenizer = new JsonStreamTokenizer(new JsonStreamTokenizerOptions
        {
            MaxDepth = options?.MaxDepth ?? 64,
            IgnoreTrailingContent = true,
        });
        Current = (Partial<T>)_typeInfo.Root.CreatePartial(null, -1);
    }

    /// <summary>Creates a reader for one answer.</summary>
    public static PartialJsonReader<T> Create(PartialJsonReaderOptions? options = null) => new(options);

    /// <summary>The partial object as it is now; the same instance throughout, filled in place.</summary>
    public Partial<T> Current { get; }

    /// <summary>Whether the root object's closing brace has arrived.</summary>
    public bool IsComplete => Current.IsClosed;

    /// <summary>Everything appended so far, as text (including any prose around the JSON).</summary>
    public string RawText => RawSnapshot.Text;

    /// <summary>The raw text as it stands, decoded when first read (the same instance until more is appended).</summary>
    internal RawAnswerText RawSnapshot => _rawSnapshot is { } snapshot && snapshot.Length == _raw.Length
        ? snapshot
        : _rawSnapshot = new RawAnswerText(in _raw);

    /// <summary>Feeds the next UTF-8 bytes of the answer (a chunk may end anywhere, even inside a character).</summary>
    /// <returns>What changed in <see cref="Current"/>.</returns>
    /// <exception cref="ParallelResponseFormatException">The JSON is malformed, too deep or too large.</exception>
    public PartialUpdate Append(ReadOnlySpan<byte> utf8)
    {
        if (_maxBytes is { } max && _raw.Length + utf8.Length > max)
        {
            _raw.Append(utf8[..(int)Math.Max(0, max - _raw.Length)], wholeCharacters: false);
            throw Fail(string.Empty, $"The answer is larger than the limit of {max} bytes.", null);
        }

        _raw.Append(utf8, wholeCharacters: false);

        // Most appends are a token of text inside a long string value: stored and reported without the general path.
        if (_takesPlainText && !utf8.IsEmpty && JsonStreamTokenizer.IsPlainAsciiText(utf8))
        {
            _tokenizer.SkipPlainText(utf8.Length);
            _string!.Append(utf8);

            return _stringGrew;
        }

        // Next commonest: text with escapes or non-ASCII characters inside the same string.
        if (_takesStringText && JsonStreamTokenizer.IsStringTextWithoutEnd(utf8))
        {
            return AppendStringText(utf8);
        }

        return AppendGeneral(utf8);
    }

    // Text that cannot end the string being read (no quote, no control byte): the tokenizer decodes its escapes and
    // characters, and the only change it can make is that string's growth.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private PartialUpdate AppendStringText(ReadOnlySpan<byte> utf8)
    {
        // Judged again after the read; if it fails, the general path reports the error from then on.
        _takesStringText = false;
        _takesPlainText = false;
        _readingText = true;
        try
        {
            _tokenizer.AppendStringText(utf8, this);
        }
        catch (JsonStreamException e)
        {
            _syntaxError = e;
            throw Fail(CurrentPath(), e.Message, e);
        }
        finally
        {
            _readingText = false;
        }

        _takesStringText = true;
        _takesPlainText = _tokenizer.IsInPlainStringText;
        if (!_textGrew)
        {
            // An escape or a character still incomplete: nothing to report yet.
            return default;
        }

        _textGrew = false;
        return _stringGrew;
    }

    // Everything but plain text inside a string: kept out of Append so that the commonest append pays for none of its
    // locals.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private PartialUpdate AppendGeneral(ReadOnlySpan<byte> utf8)
    {
        // Whatever happens next, the fast paths of Append are judged again after it.
        _takesStringText = false;
        _takesPlainText = false;

        if (_syntaxError is not null)
        {
            throw Fail(CurrentPath(), _syntaxError.Message, _syntaxError);
        }

        if (!_rootStarted)
        {
            // Models put prose or a code fence before the JSON: start at the first '{'.
            var start = utf8.IndexOf((byte)'{');
            if (start < 0)
            {
                return default;
            }

            _rootStarted = true;
            utf8 = utf8[start..];
        }

        if (!Current.IsClosed)
        {
            try
            {
                _tokenizer.Append(utf8, this);
            }
            catch (JsonStreamException e)
            {
                _syntaxError = e;
                throw Fail(CurrentPath(), e.Message, e);
            }
        }

        _takesStringText = _string is not null && _tokenizer.CanTakeStringText;
        _takesPlainText = _takesStringText && _tokenizer.IsInPlainStringText;

        // Last, with nothing after it: the update goes back in registers without being stored on the way.
        return TakeChanges();
    }

    /// <summary>Feeds the next characters of the answer (a surrogate pair may be split between calls).</summary>
    /// <returns>What changed in <see cref="Current"/>.</returns>
    /// <exception cref="ParallelResponseFormatException">The JSON is malformed, too deep or too large.</exception>
    public PartialUpdate Append(ReadOnlySpan<char> utf16)
    {
        var max = Encoding.UTF8.GetMaxByteCount(utf16.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(max, 8));
        try
        {
            var count = (_utf8Encoder ??= new UTF8Encoding(false, false).GetEncoder()).GetBytes(utf16, buffer, flush: false);
            return Append(buffer.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Ends the answer and returns the complete, validated value.</summary>
    /// <exception cref="ParallelResponseFormatException">
    /// The answer has no JSON object, is malformed or truncated, or does not match <typeparamref name="T"/>: the
    /// exception names the JSON path and the problem, and carries the whole raw text.
    /// </exception>
    public T Complete()
    {
        if (_syntaxError is not null)
        {
            throw Fail(CurrentPath(), _syntaxError.Message, _syntaxError);
        }

        if (!_rootStarted)
        {
            throw Fail(string.Empty, _raw.Length == 0 ? "The answer is empty; expected a JSON object." : "The answer contains no JSON object (no '{' found).", null);
        }

        if (!Current.IsClosed)
        {
            var path = CurrentPath();
            throw Fail(path, $"The answer ends before the JSON is complete (truncated{(path.Length == 0 ? string.Empty : " inside '" + path + "'")}).", null);
        }

        if (_errors.Count > 0)
        {
            var error = _errors[0];
            throw Fail(error.Path, error.Message, null);
        }

        try
        {
            return _typeInfo.Build(Current);
        }
        catch (PartialBuildException e)
        {
            throw Fail(e.Path, e.Message, null);
        }
    }

    private ParallelResponseFormatException Fail(string path, string message, Exception? inner) => new(message, path, RawText, inner);

    private PartialUpdate TakeChanges()
    {
        var count = _changeCount;
        if (count == 0)
        {
            return default;
        }

        // One change, or two at one place (a string started with its first characters, or got its last ones and
        // completed), travel inside the update; more are copied out, since the list is reused.
        _changeCount = 0;
        var first = _changes[0];
        if (count == 1)
        {
            return new PartialUpdate(first);
        }

        var second = _changes[1];
        return count == 2 && second.IsAtSamePlace(first)
            ? new PartialUpdate(first, second.Kind)
            : _log.Write(_changes.AsSpan(0, count));
    }

    // A string that grows several times in one append is reported once.
    private void RecordGrowth()
    {
        var kind = _scratchTarget.IsElement ? PartialChangeKind.ElementGrew : PartialChangeKind.PropertyGrew;
        if (_changeCount == 0 || _changes[_changeCount - 1].Kind != kind || !_changes[_changeCount - 1].IsAt(_scratchTarget.Container, _scratchTarget.Index))
        {
            AddChange(kind, _scratchTarget.Container, _scratchTarget.Index);
        }
    }

    private void AddChange(PartialChangeKind kind, PartialContainer container, int index)
    {
        if (_changeCount == _changes.Length)
        {
            Array.Resize(ref _changes, _changes.Length * 2);
        }

        _changes[_changeCount++] = new PartialChange(kind, container, index);
    }

    private string CurrentPath()
    {
        if (_depth == 0)
        {
            return string.Empty;
        }

        ref var frame = ref _frames[_depth - 1];
        return frame.Container is PartialObject && frame.PendingIndex >= 0 ? frame.Container.ChildPath(frame.PendingIndex) : frame.Container.ContainerPath;
    }

    // ---- token sink -------------------------------------------------------------------------------------------

    void IJsonTokenSink.OnStartObject()
    {
        if (SkipStart())
        {
            return;
        }

        if (_depth == 0)
        {
            Push(new Frame(Current, -1));
            return;
        }

        var target = NextTarget();
        if (!Expect(target, ParallelValueKind.Object))
        {
            _skipDepth = 1;
            return;
        }

        var child = target.Info.ObjectInfo!.CreatePartial(target.Container, target.Index);
        Begin(target, child);
        Push(new Frame(child, -1));
    }

    void IJsonTokenSink.OnEndObject()
    {
        if (SkipEnd())
        {
            return;
        }

        EndContainer();
    }

    void IJsonTokenSink.OnStartArray()
    {
        if (SkipStart())
        {
            return;
        }

        var target = NextTarget();
        if (!Expect(target, ParallelValueKind.Array))
        {
            _skipDepth = 1;
            return;
        }

        var array = new PartialArray(target.Info.Element!, target.Container, target.Index);
        Begin(target, array);
        Push(new Frame(array, -1));
    }

    void IJsonTokenSink.OnEndArray()
    {
        if (SkipEnd())
        {
            return;
        }

        EndContainer();
    }

    void IJsonTokenSink.OnPropertyName(ReadOnlySpan<byte> utf8Name)
    {
        if (_skipDepth > 0)
        {
            return;
        }

        ref var frame = ref _frames[_depth - 1];
        var obj = (PartialObject)frame.Container;

        // Properties mostly come in schema order: the one after the last is tried first.
        var properties = obj.Info.Properties;
        var next = frame.PendingIndex + 1;
        var index = (uint)next < (uint)properties.Count && utf8Name.SequenceEqual(properties[next].Utf8Name) ? next : obj.Info.IndexOf(utf8Name);
        frame.PendingIndex = index;
        if (index < 0)
        {
            _skipNextValue = true;
            return;
        }

        // A duplicated property: the last value wins, whatever the earlier one was (even one of the wrong type).
        obj.Slot(index) = default;
        if (_errors.Count > 0)
        {
            ForgetErrorsWithin(obj, index);
        }
    }

    // Its own method: a lambda in OnPropertyName would allocate its closure on every property name, errors or not.
    private void ForgetErrorsWithin(PartialObject obj, int index) => _errors.RemoveAll(error => error.Container.IsWithin(error.Index, obj, index));

    void IJsonTokenSink.OnStringStart()
    {
        _string = null;
        _scratchLength = 0;
        if (SkipScalar())
        {
            return;
        }

        var target = NextTarget();
        if (target.Info.Kind == ParallelValueKind.String)
        {
            _string = _spareString?.Restart() ?? new PartialString(_strings);
            _spareString = null;
            _stringGrew = new PartialUpdate(new PartialChange(target.IsElement ? PartialChangeKind.ElementGrew : PartialChangeKind.PropertyGrew, target.Container, target.Index));
            Begin(target, _string);
            return;
        }

        if (!ScalarParser.IsStringEncoded(target.Info.Kind))
        {
            Mismatch(target, "a string");
            return;
        }

        _scratchTarget = target;
        _scratch ??= new byte[64];
        _scratch[0] = (byte)'"';
        _scratchLength = 1;
    }

    void IJsonTokenSink.OnStringChunk(ReadOnlySpan<byte> utf8)
    {
        if (_string is not null)
        {
            _string.Append(utf8);
            if (_readingText)
            {
                _textGrew = true;
            }
            else
            {
                RecordGrowth();
            }
        }
        else if (_scratchLength > 0)
        {
            EnsureScratch(utf8.Length + 1);
            utf8.CopyTo(_scratch.AsSpan(_scratchLength));
            _scratchLength += utf8.Length;
        }
    }

    void IJsonTokenSink.OnStringEnd()
    {
        if (_string is { } text)
        {
            text.IsComplete = true;
            _string = null;
            if (!text.IsHandedOut)
            {
                // Nobody holds the object: the slot keeps where the bytes are, and the object serves the next value.
                ref var slot = ref _scratchTarget.Container.Slot(_scratchTarget.Index);
                slot.Bits = text.Run;
                slot.Held = _strings;
                _spareString = text;
            }

            CompleteValue(_scratchTarget);
            return;
        }

        if (_scratchLength == 0)
        {
            return;
        }

        EnsureScratch(1);
        _scratch![_scratchLength++] = (byte)'"';
        var quoted = _scratch.AsSpan(0, _scratchLength);
        _scratchLength = 0;
        var target = _scratchTarget;
        if (!ScalarParser.TryParseString(target.Info, quoted[1..^1], quoted, ref target.Container.Slot(target.Index)))
        {
            Record(target, $"but found \"{Encoding.UTF8.GetString(quoted[1..^1])}\".");
            return;
        }

        ScalarSet(target);
    }

    void IJsonTokenSink.OnNumber(ReadOnlySpan<byte> utf8Number)
    {
        if (SkipScalar())
        {
            return;
        }

        var target = NextTarget();
        if (!ScalarParser.IsNumber(target.Info.Kind))
        {
            Mismatch(target, "the number " + Encoding.UTF8.GetString(utf8Number));
            return;
        }

        if (!ScalarParser.TryParseNumber(target.Info.Kind, utf8Number, ref target.Container.Slot(target.Index)))
        {
            Record(target, $"but found {Encoding.UTF8.GetString(utf8Number)}.");
            return;
        }

        ScalarSet(target);
    }

    void IJsonTokenSink.OnLiteral(JsonLiteral literal)
    {
        if (SkipScalar())
        {
            return;
        }

        var target = NextTarget();
        if (literal == JsonLiteral.Null)
        {
            if (!target.Info.IsNullable)
            {
                Mismatch(target, "null");
                return;
            }

            SetScalar(target, PartialSlot.JsonNull);
            return;
        }

        if (target.Info.Kind != ParallelValueKind.Boolean)
        {
            Mismatch(target, literal == JsonLiteral.True ? "true" : "false");
            return;
        }

        SetScalar(target, literal == JsonLiteral.True ? BoxedTrue : BoxedFalse);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private Target NextTarget()
    {
        ref var frame = ref _frames[_depth - 1];
        if (frame.Container is PartialArray array)
        {
            var index = array.Add();
            return new Target(array, index, array.Element, IsElement: true);
        }

        var obj = (PartialObject)frame.Container;
        var property = obj.Info.Properties[frame.PendingIndex];
        return new Target(obj, frame.PendingIndex, property.Value, IsElement: false);
    }

    private void Begin(Target target, object value)
    {
        target.Container.Slot(target.Index).Held = value;
        _scratchTarget = target;
        AddChange(target.IsElement ? PartialChangeKind.ElementAdded : PartialChangeKind.PropertyStarted, target.Container, target.Index);
    }

    private void SetScalar(Target target, object value)
    {
        target.Container.Slot(target.Index).Held = value;
        ScalarSet(target);
    }

    // A scalar arrives complete: an element of a list is added and completed at once.
    private void ScalarSet(Target target)
    {
        if (target.IsElement)
        {
            AddChange(PartialChangeKind.ElementAdded, target.Container, target.Index);
        }

        CompleteValue(target);
    }

    // The slot's state follows from what it holds (a closed container, a finished string, a scalar): only the change is left to report.
    private void CompleteValue(Target target) =>
        AddChange(target.IsElement ? PartialChangeKind.ElementCompleted : PartialChangeKind.PropertyCompleted, target.Container, target.Index);

    private void EndContainer()
    {
        var frame = _frames[--_depth];
        frame.Container.IsClosed = true;
        if (_depth == 0)
        {
            return;
        }

        ref var parent = ref _frames[_depth - 1];
        var index = parent.Container is PartialArray array ? array.Count - 1 : parent.PendingIndex;
        CompleteValue(new Target(parent.Container, index, null!, parent.Container is PartialArray));
    }

    private bool Expect(Target target, ParallelValueKind kind)
    {
        if (target.Info.Kind == kind)
        {
            return true;
        }

        Mismatch(target, kind == ParallelValueKind.Object ? "an object" : "an array");
        return false;
    }

    private void Mismatch(Target target, string found)
    {
        // The slot stays missing (or the element is dropped) and the error surfaces at Complete().
        if (target.Container is PartialArray array && target.Index == array.Count - 1)
        {
            array.RemoveLast();
        }

        Record(target, $"but found {found}.");
    }

    private void Record(Target target, string found)
    {
        var path = target.Path;
        _errors.Add(new ValueError(target.Container, target.Index, path, $"Expected {ScalarParser.Describe(target.Info)} for '{path}' {found}"));
    }

    private bool SkipStart()
    {
        if (_skipDepth > 0)
        {
            _skipDepth++;
            return true;
        }

        if (_skipNextValue)
        {
            _skipNextValue = false;
            _skipDepth = 1;
            return true;
        }

        return false;
    }

    private bool SkipEnd()
    {
        if (_skipDepth > 0)
        {
            _skipDepth--;
            return true;
        }

        return false;
    }

    private bool SkipScalar()
    {
        if (_skipDepth > 0)
        {
            return true;
        }

        if (_skipNextValue)
        {
            _skipNextValue = false;
            return true;
        }

        return false;
    }

    private void Push(Frame frame)
    {
        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_depth++] = frame;
    }

    private void EnsureScratch(int extra)
    {
        if (_scratchLength + extra > _scratch!.Length)
        {
            Array.Resize(ref _scratch, (_scratchLength + extra) * 2);
        }
    }

    private struct Frame(PartialContainer container, int pendingIndex)
    {
        public PartialContainer Container = container;
        public int PendingIndex = pendingIndex;
    }

    private readonly record struct ValueError(PartialContainer Container, int Index, string Path, string Message);

    private readonly record struct Target(PartialContainer Container, int Index, ParallelValueInfo Info, bool IsElement)
    {
        // Built only for error messages.
        public string Path => Container.ChildPath(Index);
    }
}
