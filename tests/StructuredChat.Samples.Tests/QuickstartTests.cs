using StructuredChat.Emulator;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests;

public sealed class QuickstartTests
{
    private static readonly string Quickstart = Repo.SampleDll("Quickstart");

    [Fact]
    public async Task With_no_key_it_answers_from_the_emulator_field_by_field_then_prints_each_fields_basis()
    {
        var (exitCode, stdout, stderr) = await ProgramRun.RunAsync(Quickstart);

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("No PARALLEL_API_KEY set: the bundled emulator answers", stdout, StringComparison.Ordinal);
        Baseline.Match("Quickstart.default", stdout);
    }

    [Fact]
    public async Task The_question_and_model_come_from_the_command_line()
    {
        var (exitCode, stdout, stderr) = await ProgramRun.RunAsync(Quickstart, "--model", "speed", "Who runs Contoso?");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Question: Who runs Contoso?", stdout, StringComparison.Ordinal);
        Baseline.Match("Quickstart.speed", stdout);
    }

    [Fact]
    public async Task With_api_responses_it_asks_v1_responses_at_the_tier_and_prints_the_cited_values_and_the_search_trail()
    {
        await using var api = await ParallelEmulator.StartAsync(new ParallelEmulatorOptions { Timing = EmulatorTimingProfile.Instant }, TestContext.Current.CancellationToken);
        using var run = ProgramRun.Start(Quickstart, ["--api", "responses", "--effort", "high"], ApiEnvironment(api));

        var exitCode = await run.WaitForExitAsync();

        Assert.True(exitCode == 0, run.Stderr);
        var request = Assert.Single(api.Requests);
        Assert.Equal("/v1/responses", request.Path);
        Assert.Equal("high", request.ReasoningEffort);
        Assert.Equal("company_profile", request.SchemaName);
        Baseline.Match("Quickstart.responses", run.Stdout);
    }

    [Theory]
    [InlineData("--api", "responses", "--model", "base")]
    [InlineData("--effort", "high", "--model", "base")]
    [InlineData("--api", "soap", "", "")]
    public async Task Options_of_one_api_given_to_the_other_exit_with_2_and_say_why(string a, string b, string c, string d)
    {
        var run = await ProgramRun.RunAsync(Quickstart, [.. new[] { a, b, c, d }.Where(x => x.Length > 0)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(a == "--api" && b == "soap" ? "--api needs one of" : "API", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_a_wrong_option_exits_with_2()
    {
        var help = await ProgramRun.RunAsync(Quickstart, "--help");
        var wrong = await ProgramRun.RunAsync(Quickstart, "--model", "turbo");

        Assert.Equal(0, help.ExitCode);
        Baseline.Match("Quickstart.help", help.Stdout);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--model needs one of: speed, lite, base, core.", wrong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_it_asks_PARALLEL_BASE_URL_and_never_prints_the_key()
    {
        await using var api = await ParallelEmulator.StartAsync(new ParallelEmulatorOptions { Timing = EmulatorTimingProfile.Instant }, TestContext.Current.CancellationToken);
        using var run = ProgramRun.Start(Quickstart, ["--model", "base"], ApiEnvironment(api));

        var exitCode = await run.WaitForExitAsync();

        Assert.True(exitCode == 0, run.Stderr);
        Assert.StartsWith("Asking the Parallel API (PARALLEL_API_KEY is set).", run.Stdout, StringComparison.Ordinal);
        var request = Assert.Single(api.Requests);
        Assert.Equal("base", request.Model);
        Assert.Equal("company_profile", request.SchemaName);
        Assert.DoesNotContain(api.ApiKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_mid_answer_stops_it_with_exit_code_130_and_no_stack_trace()
    {
        await using var api = await ParallelEmulator.StartAsync(new ParallelEmulatorOptions { Timing = EmulatorTimingProfile.Instant }, TestContext.Current.CancellationToken);
        api.Enqueue(ScriptedResponse.WithFault(EmulatorFault.Stall(TimeSpan.FromMinutes(5))));
        using var run = ProgramRun.Start(Quickstart, [], ApiEnvironment(api));

        // The name is the first field; the stall holds the rest of the answer back.
        await run.WaitForLineAsync(line => line.StartsWith("  Name", StringComparison.Ordinal));
        await run.InterruptAsync();
        var exitCode = await run.WaitForExitAsync();

        Assert.Equal(130, exitCode);
        Assert.Equal("Cancelled.", run.Stderr.Trim());
        Assert.DoesNotContain("Answer in", run.Stdout, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ApiEnvironment(ParallelEmulator api) => new()
    {
        ["PARALLEL_API_KEY"] = api.ApiKey,
        ["PARALLEL_BASE_URL"] = api.BaseUrl.ToString(),
    };
}
