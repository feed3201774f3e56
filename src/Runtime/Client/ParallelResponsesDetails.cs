namespace StructuredChat;

/// <summary>
/// What the Responses API sent with an answer besides its text: the response id and status, the search trail, MCP
/// items, usage, the echoed metadata, and every <c>url_citation</c> span as sent. <see langword="null"/> on answers
/// of the Chat API.
/// </summary>
public sealed class ParallelResponsesDetails
{
    internal ParallelResponsesDetails(
        string? id,
        string? status,
        DateTimeOffset? createdAt,
        ParallelUsage? usage,
        string? incompleteReason,
        IReadOnlyList<ParallelSearchStep> searchTrail,
        IReadOnlyList<ParallelToolItem> toolItems,
        IReadOnlyList<ParallelTextCitation> citations,
        IReadOnlyDictionary<string, string> metadata)
    {
        Id = id;
        Status = status;
        CreatedAt = createdAt;
        Usage = usage;
        IncompleteReason = incompleteReason;
        SearchTrail = searchTrail;
        ToolItems = toolItems;
        Citations = citations;
        Metadata = metadata;
    }

    /// <summary>The response id (<c>resp_…</c>); also the answer's <c>InteractionId</c>, for a follow-up.</summary>
    public string? Id { get; }

    /// <summary>The response's <c>status</c> as sent (<c>completed</c> for an answer that is returned).</summary>
    public string? Status { get; }

    /// <summary>When the server created the response (<c>created_at</c>), if sent.</summary>
    public DateTimeOffset? CreatedAt { get; }

    /// <summary>The server's token counts, if sent; Parallel says they are estimates (it bills per request).</summary>
    public ParallelUsage? Usage { get; }

    /// <summary>The <c>incomplete_details.reason</c>, if the server sent one.</summary>
    public string? IncompleteReason { get; }

    /// <summary>The searches and page reads behind the answer (<c>web_search_call</c> items), in output order.</summary>
    public IReadOnlyList<ParallelSearchStep> SearchTrail { get; }

    /// <summary>The MCP items (<c>mcp_list_tools</c>, <c>mcp_call</c>, ...) and any other non-message item the client does not model, in output order.</summary>
    public IReadOnlyList<ParallelToolItem> ToolItems { get; }

    /// <summary>
    /// Every <c>url_citation</c> of the answer's text, as sent, in order; for a typed answer each with the JSON path
    /// of the value it covers (those also appear on the basis view).
    /// </summary>
    public IReadOnlyList<ParallelTextCitation> Citations { get; }

    /// <summary>The <c>metadata</c> echoed on the response; empty when none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    internal ParallelResponsesDetails WithCitations(IReadOnlyList<ParallelTextCitation> citations) =>
        new(Id, Status, CreatedAt, Usage, IncompleteReason, SearchTrail, ToolItems, citations, Metadata);
}

/// <summary>Token counts of a Responses API answer (estimates: Parallel bills per request).</summary>
/// <param name="InputTokens">The <c>input_tokens</c>.</param>
/// <param name="OutputTokens">The <c>output_tokens</c>.</param>
/// <param name="TotalTokens">The <c>total_tokens</c>.</param>
/// <param name="CachedTokens">The <c>input_tokens_details.cached_tokens</c>, if sent.</param>
/// <param name="ReasoningTokens">The <c>output_tokens_details.reasoning_tokens</c>, if sent.</param>
public sealed record ParallelUsage(long InputTokens, long OutputTokens, long TotalTokens, long? CachedTokens, long? ReasoningTokens);

/// <summary>One step of the search trail: a <c>web_search_call</c> item.</summary>
/// <param name="Id">The item's id, if sent.</param>
/// <param name="Status">The item's status as sent (<c>completed</c> once done).</param>
/// <param name="ActionType">The <c>action.type</c> as sent: <c>search</c>, <c>open_page</c>, or another the client does not know.</param>
/// <param name="Query">The search's <c>query</c> (a <c>search</c> step), if sent.</param>
/// <param name="Queries">The search's <c>queries</c>; empty when not sent.</param>
/// <param name="Url">The page read (an <c>open_page</c> step), if sent.</param>
public sealed record ParallelSearchStep(string? Id, string? Status, string? ActionType, string? Query, IReadOnlyList<string> Queries, string? Url);

/// <summary>An output item other than a message or a web search (an MCP item such as <c>mcp_call</c>), kept as sent.</summary>
/// <param name="Type">The item's <c>type</c>.</param>
/// <param name="Id">The item's <c>id</c>, if sent.</param>
/// <param name="Status">The item's <c>status</c>, if sent.</param>
/// <param name="Name">The tool's <c>name</c> (an <c>mcp_call</c>), if sent.</param>
/// <param name="ServerLabel">The MCP server's <c>server_label</c>, if sent.</param>
/// <param name="RawJson">The whole item as JSON, exactly as received.</param>
public sealed record ParallelToolItem(string Type, string? Id, string? Status, string? Name, string? ServerLabel, string RawJson);

/// <summary>One <c>url_citation</c> annotation of the answer's text.</summary>
/// <param name="Url">The cited page.</param>
/// <param name="Title">The page's title, if sent.</param>
/// <param name="StartIndex">The span's start in the output text, as sent (characters; see the remarks of <see cref="ParallelResponsesDetails.Citations"/>).</param>
/// <param name="EndIndex">The span's end (exclusive), as sent.</param>
/// <param name="JsonPath">
/// For a typed answer, the dot path (JSON names, array indices) of the value the span covers, as used by the basis
/// view; <see langword="null"/> for a text answer, or when the span covers no single value (the basis keeps those in
/// <see cref="ResearchBasis.Unmapped{T}(Basis{T})"/>).
/// </param>
public sealed record ParallelTextCitation(string Url, string? Title, int StartIndex, int EndIndex, string? JsonPath);
