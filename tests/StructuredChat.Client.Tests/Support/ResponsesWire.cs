using System.Text;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

/// <summary>Builds Responses API bodies and event streams as parallel-responses-api.md describes them, for scripted servers.</summary>
internal static class ResponsesWire
{
    public static string Json(string text) => JsonSerializer.Serialize(text, TestJson.Default.String);

    public static string Response(string id, string status, string items, string extra = "") =>
        $$"""{"id":"{{id}}","object":"response","created_at":1760000000.5,"status":"{{status}}","model":"parallel","output":[{{items}}],"usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":0},"output_tokens":15,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":35},"metadata":null,"reasoning":null,"text":null,"error":null,"incomplete_details":null,"tools":[],"parallel_tool_calls":true{{extra}}}""";

    public static string Message(string id, string text, string annotations = "[]") =>
        $$$"""{"id":"{{{id}}}","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":{{{Json(text)}}},"annotations":{{{annotations}}}}]}""";

    public static string Search(string id, string query) =>
        $$$"""{"id":"{{{id}}}","type":"web_search_call","status":"completed","action":{"type":"search","query":{{{Json(query)}}},"queries":[{{{Json(query)}}}],"sources":null}}""";

    public static string OpenPage(string id, string url) =>
        $$$"""{"id":"{{{id}}}","type":"web_search_call","status":"completed","action":{"type":"open_page","url":{{{Json(url)}}}}}""";

    public static string Citation(string url, int start, int end) =>
        $$"""{"type":"url_citation","url":{{Json(url)}},"title":"T","start_index":{{start}},"end_index":{{end}}}""";

    /// <summary>An event framed as OpenAI and Parallel frame them: <c>event:</c>, then <c>data:</c> with the same type.</summary>
    public static string Event(string type, string fields) =>
        $"event: {type}\ndata: {{\"type\":\"{type}\",{fields}}}\n\n";

    public static string Delta(string itemId, int outputIndex, string delta, int contentIndex = 0) =>
        Event("response.output_text.delta", $"\"item_id\":\"{itemId}\",\"output_index\":{outputIndex},\"content_index\":{contentIndex},\"delta\":{Json(delta)},\"logprobs\":[]");

    public static string Terminal(string type, string response) => Event(type, $"\"response\":{response}");

    /// <summary>A whole stream for one message (after one search): added events, the deltas, done events, completed.</summary>
    public static string Stream(string id, IEnumerable<string> deltas, string annotations = "[]")
    {
        string[] pieces = [.. deltas];
        string text = string.Concat(pieces);
        var sse = new StringBuilder();
        sse.Append(Terminal("response.created", Response(id, "in_progress", "")));
        sse.Append(Event("response.output_item.added", $"\"output_index\":0,\"item\":{{\"id\":\"ws_1\",\"type\":\"web_search_call\",\"status\":\"in_progress\"}}"));
        sse.Append(Event("response.output_item.added", $"\"output_index\":1,\"item\":{{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}"));
        foreach (string piece in pieces)
        {
            sse.Append(Delta("msg_1", 1, piece));
        }

        sse.Append(Event("response.output_item.done", $"\"output_index\":0,\"item\":{Search("ws_1", "q")}"));
        sse.Append(Event("response.output_text.done", $"\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"text\":{Json(text)}"));
        sse.Append(Event("response.output_item.done", $"\"output_index\":1,\"item\":{Message("msg_1", text, annotations)}"));
        sse.Append(Terminal("response.completed", Response(id, "completed", Search("ws_1", "q") + "," + Message("msg_1", text, annotations))));
        return sse.ToString();
    }
}
