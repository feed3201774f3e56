using System.Net;

namespace StructuredChat.Client.Tests;

public sealed class ErrorTests
{
    private const string ParallelBody = """{"type":"error","error":{"ref_id":"ref_42","message":"Invalid API key","detail":null}}""";
    private const string OpenAiBody = """{"error":{"message":"Unknown model 'turbo'","type":"invalid_request_error","param":"model","code":"model_not_found"}}""";
    private const string FastApiListBody = """{"detail":[{"loc":["body","response_format","json_schema","schema","properties","age"],"msg":"keyword 'minimum' is not supported","type":"value_error"},{"loc":["body","model"],"msg":"field required","type":"missing"}]}""";
    private const string FastApiStringBody = """{"detail":"Not Found"}""";

    private static async Task<TException> AskFails<TException>(HttpStatusCode status, string body, string contentType = "application/json")
        where TException : Exception
    {
        var handler = new ScriptedHandler().Enqueue(status, body, contentType);
        using ParallelChatClient client = Clients.Create(handler);
        TException e = await Clients.FailsWith<TException>(() => client.AskAsync("q"));
        Assert.Single(handler.Requests);
        Assert.True(handler.AllBodiesReleased);
        return e;
    }

    [Fact]
    public async Task A_401_in_Parallels_shape_is_an_authentication_error_with_message_and_ref_id()
    {
        var e = await AskFails<ParallelAuthenticationException>(HttpStatusCode.Unauthorized, ParallelBody);

        Assert.Equal(401, e.StatusCode);
        Assert.Equal("ref_42", e.ReferenceId);
        Assert.Equal("Invalid API key", e.Error.ServerMessage);
        Assert.Contains("Invalid API key", e.Message, StringComparison.Ordinal);
        Assert.Contains("ref_42", e.Message, StringComparison.Ordinal);
        Assert.Equal(ParallelBody, e.RawBody);
    }

    [Fact]
    public async Task An_OpenAI_shaped_400_is_an_invalid_request_with_type_code_and_param()
    {
        var e = await AskFails<ParallelInvalidRequestException>(HttpStatusCode.BadRequest, OpenAiBody);

        Assert.Equal(400, e.StatusCode);
        Assert.Equal("Unknown model 'turbo'", e.Error.ServerMessage);
        Assert.Equal("invalid_request_error", e.Error.ErrorType);
        Assert.Equal("model_not_found", e.Error.ErrorCode);
        Assert.Equal("model", e.Error.Param);
    }

    [Fact]
    public async Task A_FastAPI_422_carries_each_validation_problem_with_its_location()
    {
        var e = await AskFails<ParallelInvalidRequestException>(HttpStatusCode.UnprocessableEntity, FastApiListBody);

        Assert.Equal(422, e.StatusCode);
        Assert.Equal(2, e.ValidationErrors.Count);
        Assert.Equal("body.response_format.json_schema.schema.properties.age", e.ValidationErrors[0].Location);
        Assert.Equal("keyword 'minimum' is not supported", e.ValidationErrors[0].Message);
        Assert.Equal("value_error", e.ValidationErrors[0].Type);
        Assert.Contains("body.model: field required", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("[{\"loc\"", e.Error.DetailJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Parallel_422_with_a_detail_object_keeps_the_detail_and_reads_listed_errors()
    {
        const string body = """{"type":"error","error":{"ref_id":"r1","message":"Invalid output schema","detail":{"errors":[{"path":["properties","x"],"message":"format is not supported"}]}}}""";

        var e = await AskFails<ParallelInvalidRequestException>(HttpStatusCode.UnprocessableEntity, body);

        Assert.Equal("Invalid output schema", e.Error.ServerMessage);
        ParallelValidationError problem = Assert.Single(e.ValidationErrors);
        Assert.Equal("properties.x", problem.Location);
        Assert.Equal("format is not supported", problem.Message);
        Assert.Contains("\"errors\"", e.Error.DetailJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_FastAPI_detail_string_404_is_not_found_with_that_message()
    {
        var e = await AskFails<ParallelNotFoundException>(HttpStatusCode.NotFound, FastApiStringBody);

        Assert.Equal("Not Found", e.Error.ServerMessage);
        Assert.Equal(404, e.StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, typeof(ParallelPermissionDeniedException))]
    [InlineData(HttpStatusCode.PaymentRequired, typeof(ParallelPaymentRequiredException))]
    [InlineData(HttpStatusCode.Gone, typeof(ParallelApiException))]
    public async Task Each_status_has_its_exception_type(HttpStatusCode status, Type expected)
    {
        var e = await AskFails<ParallelApiException>(status, ParallelBody);

        Assert.IsType(expected, e);
        Assert.Equal((int)status, e.StatusCode);
        Assert.Equal("ref_42", e.ReferenceId);
    }

    [Fact]
    public async Task A_non_JSON_error_body_is_kept_as_raw_text()
    {
        const string html = "<html><body>502 Bad Gateway</body></html>";
        var handler = new ScriptedHandler();
        for (int i = 0; i < 3; i++)
        {
            handler.Enqueue(HttpStatusCode.BadGateway, html, "text/html");
        }

        using ParallelChatClient client = Clients.Create(handler);
        var e = await Clients.FailsWith<ParallelServerException>(() => client.AskAsync("q"));

        Assert.Equal(502, e.StatusCode);
        Assert.Equal(html, e.RawBody);
        Assert.Null(e.Error.ServerMessage);
        Assert.Contains("502 Bad Gateway", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_echoed_by_the_server_is_redacted_everywhere()
    {
        string body = "{\"type\":\"error\",\"error\":{\"ref_id\":\"r\",\"message\":\"Key " + TestKeys.ApiKey + " is not valid\",\"detail\":{\"key\":\"" + TestKeys.ApiKey + "\"}}}";

        var e = await AskFails<ParallelAuthenticationException>(HttpStatusCode.Unauthorized, body);

        Assert.Contains("[redacted]", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.ApiKey, e.Error.DetailJson!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_in_a_whole_answer_is_a_refusal_error_with_its_text()
    {
        const string body = """{"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}""";

        var e = await AskFails<ParallelRefusalException>(HttpStatusCode.OK, body);

        Assert.Equal("I can't help with that.", e.Refusal);
        Assert.Equal("I can't help with that.", e.RawBody);
    }

    [Fact]
    public async Task A_success_body_that_is_not_a_completion_is_a_format_error_with_the_raw_body()
    {
        var e = await AskFails<ParallelResponseFormatException>(HttpStatusCode.OK, "<html>captive portal</html>", "text/html");

        Assert.Equal("<html>captive portal</html>", e.RawText);
    }

    [Fact]
    public async Task A_success_body_with_an_error_object_is_a_server_error()
    {
        var e = await AskFails<ParallelServerException>(HttpStatusCode.OK, ParallelBody);

        Assert.Equal("ref_42", e.ReferenceId);
        Assert.Null(e.StatusCode);
    }
}
