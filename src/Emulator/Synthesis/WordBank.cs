namespace StructuredChat.Emulator.Synthesis;

/// <summary>
/// Plausible values. Some carry non-ASCII letters, quotes, backslashes, newlines and an emoji on purpose: the
/// answers then exercise multi-byte characters, JSON escapes and surrogate-pair escapes in every stream.
/// </summary>
internal static class WordBank
{
    public static readonly string[] FirstNames = ["Ada", "Grace", "Linus", "Margaret", "Søren", "Zoë", "José", "Aiko", "Nikolai", "Amara", "Chidi", "Ingrid"];
    public static readonly string[] LastNames = ["Lovelace", "Hopper", "Okafor", "Kristiansen", "Núñez", "Tanaka", "Ivanova", "Schröder", "O'Neill", "Haddad"];
    public static readonly string[] Companies = ["Northwind Analytics", "Contoso Ltd.", "Fabrikam Robotics", "Café Lumière S.A.", "Tailspin Toys", "Zürich Data AG", "Adventure Works", "Wide World Importers", "Litware \"Labs\" Inc."];
    public static readonly string[] Cities = ["Zürich", "São Paulo", "San Francisco", "Kraków", "Osaka", "Nairobi", "Montréal", "Reykjavík", "Berlin", "Austin"];
    public static readonly string[] Countries = ["Switzerland", "Brazil", "United States", "Poland", "Japan", "Kenya", "Canada", "Iceland", "Germany"];
    public static readonly string[] Roles = ["Chief Executive Officer", "Chief Technology Officer", "Head of Research", "Co-founder", "VP, Engineering", "Chief Financial Officer"];
    public static readonly string[] Currencies = ["USD", "EUR", "CHF", "JPY", "GBP"];
    public static readonly string[] Languages = ["English", "German", "Japanese", "Portuguese", "Swahili", "French"];
    public static readonly string[] Industries = ["Software", "Logistics", "Biotechnology", "Renewable energy", "Retail", "Financial services"];
    public static readonly string[] Statuses = ["active", "pending", "completed", "archived"];
    public static readonly string[] Colors = ["teal", "amber", "crimson", "slate", "olive"];
    public static readonly string[] Words = ["market", "growth", "platform", "research", "strategy", "network", "quarterly", "global", "product", "customer", "analysis", "supply", "data", "open", "regional", "naïve", "résumé", "über"];

    public static readonly string[] Sentences =
    [
        "The company reported steady growth in 2023, according to its annual report.",
        "Analysts describe the approach as \"pragmatic\" and well funded.",
        "Revenue grew 12% year over year — driven by new markets 🚀.",
        "Public filings list the subsidiary under the path EU\\North, a legacy naming scheme.",
        "Several sources agree on the founding date; one blog post disagrees.",
        "Its headquarters moved to Zürich in 2019.\nThe old office remains a research site.",
        "The product line is sold in 40 countries, with Japan (日本) its fastest-growing market.",
        "Independent reviews rate the service 4.5/5 on average.",
        "Management expects margins to stay flat through the next fiscal year.",
        "The team of 120 engineers works across three time zones.",
    ];

    public static readonly string[] Reasons =
    [
        "Stated directly on the organization's official website and confirmed by a press release.",
        "Taken from the most recent regulatory filing; two news articles agree.",
        "Several secondary sources agree; no primary source was found.",
        "Inferred from a company blog post; the figure may be out of date.",
        "Consistent across the company profile, a trade publication and an interview.",
    ];

    public static readonly string[] Confidences = ["low", "medium", "high"];
}
