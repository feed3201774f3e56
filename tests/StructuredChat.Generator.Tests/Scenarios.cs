using Xunit;

namespace StructuredChat.Generator.Tests;

/// <summary>
/// User code for the baseline tests, one scenario per supported feature. The rule-walker test checks the schema of
/// every scenario against Parallel's schema rules, so a new scenario is covered there too.
/// </summary>
internal static class Scenarios
{
    public const string IntegerTypes = """
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial record IntegerTypes(
            byte Byte,
            sbyte SByte,
            short Int16,
            ushort UInt16,
            int Int32,
            uint UInt32,
            long Int64,
            ulong UInt64);
        """;

    public const string StringBoolAndFloatingPoint = """
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial record Measurements(string Label, bool Verified, float Single, double Double, decimal Decimal);
        """;

    public const string Enums = """
        using System.Text.Json.Serialization;
        using StructuredChat;

        namespace Demo;

        public enum Size
        {
            Small,
            [JsonStringEnumMemberName("x-large")]
            ExtraLarge,
        }

        [ParallelResponse]
        public partial record Shirt(Size Size, Size? AlternativeSize, Size[] OtherSizes);
        """;

    public const string DatesTimesAndIdentifiers = """
        using System;
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial record Event(
            DateOnly Day,
            TimeOnly Start,
            DateTime LocalTime,
            DateTimeOffset Timestamp,
            TimeSpan Duration,
            Guid Id,
            Uri Link);
        """;

    public const string NullableForms = """
        using System;
        using System.Collections.Generic;
        using StructuredChat;

        namespace Demo;

        public enum Colour { Red, Green }

        public record Point(int X, int Y);

        [ParallelResponse]
        public partial record Optionals(
            string? Text,
            bool? Flag,
            byte? Byte,
            sbyte? SByte,
            short? Int16,
            ushort? UInt16,
            int? Int32,
            uint? UInt32,
            long? Int64,
            ulong? UInt64,
            float? Single,
            double? Double,
            decimal? Decimal,
            Colour? Colour,
            DateOnly? Day,
            TimeOnly? Start,
            DateTime? LocalTime,
            DateTimeOffset? Timestamp,
            TimeSpan? Duration,
            Guid? Id,
            Uri? Link,
            Point? Origin,
            List<string>? Tags);
        """;

    public const string Collections = """
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using StructuredChat;

        namespace Demo;

        public record Item(string Name);

        [ParallelResponse]
        public partial record Collections(
            string[] Array,
            List<int> Counts,
            IReadOnlyList<Item> ReadOnlyList,
            IList<double> InterfaceList,
            ImmutableArray<bool> Immutable,
            List<string?> NullableElements,
            int[][] Jagged,
            [property: System.ComponentModel.Description("Public holidays")] System.DateOnly[] Holidays);
        """;

    public const string InterfaceAndSetCollections = """
        using System.Collections.Generic;
        using StructuredChat;

        namespace Demo;

        public record Tag(string Name);

        [ParallelResponse]
        public partial record Catalog(
            IEnumerable<string> Names,
            ICollection<int> Counts,
            IReadOnlyCollection<Tag> Tags,
            ISet<string> Keywords,
            HashSet<int> Years,
            HashSet<string>? MaybeLabels);
        """;

    public const string Characters = """
        using System.Collections.Generic;
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial record Grade(char Letter, char? Modifier, List<char> Marks);
        """;

    public const string ComputedProperties = """
        using StructuredChat;

        namespace Demo;

        public class Inner
        {
            public string Text { get; set; } = "";

            public int Length => Text.Length;
        }

        [ParallelResponse]
        public partial record Person(string First, string Last, Inner Note)
        {
            public string Display => $"{First} {Last}";

            public int Initials
            {
                get { return First.Length > 0 && Last.Length > 0 ? 2 : 0; }
            }
        }

        [ParallelResponse]
        public partial class Answer
        {
            public Answer(string text) => Text = text;

            public string Text { get; }

            public string Summary { get; } = "";
        }
        """;

    public const string IgnoredConstructorParameters = """
        using System.Text.Json.Serialization;
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial record Article(string Headline, [property: JsonIgnore] string? Internal = null);

        [ParallelResponse]
        public partial record Memo(string Text, [property: JsonIgnore] string Origin = "n/a", int Priority = 1);

        [ParallelResponse]
        public partial record Story(string Title, [property: JsonIgnore] int Revision, string Body);
        """;

    public const string NestedRecordsAndClasses = """
        using System.Collections.Generic;
        using StructuredChat;

        namespace Demo;

        public record Address(string Street, string City);

        public class Contact
        {
            public string Email { get; set; } = "";

            public Address? Mailing { get; set; }
        }

        [ParallelResponse]
        public partial record Company(string Name, Address Headquarters, Contact Contact, IReadOnlyList<Address> Offices);
        """;

    public const string PositionalRecordWithDocs = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using StructuredChat;

        namespace Demo;

        /// <summary>Basic facts about a company.</summary>
        /// <param name="Name">Ignored: the Description attribute wins.</param>
        /// <param name="Founded">Year the company was founded, if known.</param>
        [ParallelResponse]
        public partial record CompanyInfo(
            [property: Description("Legal name of the company")] string Name,
            DateOnly? Founded,
            IReadOnlyList<Person> Founders,
            CompanySize Size);

        /// <summary>A person.</summary>
        public partial record Person(string Name, string? Role);

        /// <summary>Head count band.</summary>
        public enum CompanySize { Startup, Small, Large }
        """;

    public const string InheritedProperties = """
        using System.Text.Json.Serialization;
        using StructuredChat;

        namespace Demo;

        public class Base
        {
            public string Name { get; set; } = "";

            public string Value { get; set; } = "";

            public virtual string Label { get; set; } = "";
        }

        [ParallelResponse]
        public partial class Derived : Base
        {
            public new int Value { get; set; }

            [JsonPropertyName("title")]
            public override string Label { get; set; } = "";

            public string Extra { get; set; } = "";
        }
        """;

    public const string InitAndRequiredProperties = """
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial class Settings
        {
            public required string Name { get; init; }

            public int Retries { get; init; }

            public string? Comment { get; set; }

            [System.Text.Json.Serialization.JsonIgnore]
            public string Computed => Name + "!";

            internal string Hidden { get; set; } = "";

            public static string Shared { get; set; } = "";
        }
        """;

    public const string RecordStructs = """
        using StructuredChat;

        namespace Demo;

        public readonly record struct Money(decimal Amount, string Currency);

        [ParallelResponse]
        public partial record struct Price(Money Net, Money? Gross);

        [ParallelResponse]
        public readonly partial record struct Quote(string Vendor, Price Price);
        """;

    public const string DescriptionAttributes = """
        using System.ComponentModel;
        using StructuredChat;

        namespace Demo;

        [Description("A postal address")]
        public record Address(string City);

        [ParallelResponse]
        [Description("Where a company sits")]
        public partial record Location(
            [Description("Name on the parameter")] string Name,
            [property: Description("Name on the property")] string Alias,
            [property: Description("Launch \"date\"\nsee notes")] System.DateOnly Launched,
            Address Address,
            [property: Description("Registered office")] Address Registered)
        {
            [Description("Set after construction")]
            public string? Note { get; init; }
        }
        """;

    public const string XmlDocComments = """
        using StructuredChat;

        namespace Demo;

        /// <summary>
        /// A product, see <see cref="Vendor"/> and
        /// <paramref name="Sku"/>.
        /// </summary>
        /// <param name="Sku">The stock-keeping unit, for example <c>AB-12</c>.</param>
        /// <param name="Vendor">Who sells it.</param>
        [ParallelResponse]
        public partial record Product(string Sku, Vendor Vendor)
        {
            /// <summary>Units in stock.<para>Counted nightly.</para>Never <b>negative</b>.</summary>
            public int Stock { get; init; }
        }

        /// <summary>A seller.</summary>
        public class Vendor
        {
            /// <summary>The seller's trading name.</summary>
            public string Name { get; set; } = "";
        }
        """;

    public const string NamingPolicies = """
        using StructuredChat;

        namespace Demo;

        public record Inner(string URLValue, int IOStream);

        [ParallelResponse]
        public partial record SnakeCase(string FoundedYear, string URLValue, string Name2Value, Inner Inner);

        [ParallelResponse(NamingPolicy = ParallelNamingPolicy.CamelCase)]
        public partial record CamelCase(string FoundedYear, string URLValue, string Name2Value, Inner Inner);

        [ParallelResponse(NamingPolicy = ParallelNamingPolicy.AsWritten)]
        public partial record AsWritten(string FoundedYear, string URLValue, string Name2Value, Inner Inner);
        """;

    public const string JsonPropertyNameAndIgnore = """
        using System.Text.Json.Serialization;
        using StructuredChat;

        namespace Demo;

        [ParallelResponse]
        public partial class Renamed
        {
            [JsonPropertyName("ticker")]
            public string StockSymbol { get; set; } = "";

            [JsonIgnore]
            public string Secret { get; set; } = "";

            [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
            public string Kept { get; set; } = "";

            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
            public string? SometimesWritten { get; set; }
        }
        """;

    public const string ContainingTypes = """
        using StructuredChat;

        namespace Demo.Nested;

        public static partial class Outer
        {
            public partial record Middle
            {
                [ParallelResponse]
                public partial record struct Answer(string Text);
            }
        }
        """;

    public const string GlobalNamespace = """
        using StructuredChat;

        [ParallelResponse]
        public partial record GlobalAnswer(string Text);
        """;

    public const string KeywordIdentifiers = """
        using StructuredChat;

        namespace Demo.@event;

        public static partial class @static
        {
            [ParallelResponse]
            public partial record @class(string @int, @struct @struct);
        }

        public record @struct(bool @bool);
        """;

    public const string ExplicitSchemaName = """
        using StructuredChat;

        namespace Demo;

        [ParallelResponse(Name = "Custom-Name_2")]
        public partial record Renamed(string Text);
        """;

    /// <summary>Every scenario by name (every string constant of this class), for theories over all of them.</summary>
    public static TheoryData<string> All => new(
        typeof(Scenarios).GetFields().Where(f => f.IsLiteral).Select(f => f.Name));

    public static string Source(string name) =>
        (string)typeof(Scenarios).GetField(name)!.GetRawConstantValue()!;
}
