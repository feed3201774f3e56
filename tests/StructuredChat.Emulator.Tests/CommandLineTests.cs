namespace StructuredChat.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void The_documented_command_line_sets_port_key_limit_and_timing()
    {
        Assert.True(Program.TryParse(["--port", "8089", "--api-key", "test-key", "--rpm", "10", "--timing", "realistic"], out var options, out var quiet, out var help, out _));

        Assert.Equal(8089, options.Port);
        Assert.Equal("test-key", options.ApiKey);
        Assert.Equal(10, options.RequestsPerMinute);
        Assert.Same(EmulatorTimingProfile.Realistic, options.Timing);
        Assert.False(quiet);
        Assert.False(help);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--timing", "slow")]
    [InlineData("--colour", "red")]
    public void A_bad_option_is_reported(string name, string value)
    {
        Assert.False(Program.TryParse([name, value], out _, out _, out _, out var error));
        Assert.Contains(name, error);
    }

    [Fact]
    public void No_arguments_means_a_free_port_and_a_random_key()
    {
        Assert.True(Program.TryParse([], out var options, out _, out _, out _));

        Assert.Equal(0, options.Port);
        Assert.Null(options.ApiKey);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_0(string flag)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await Program.RunAsync([flag], output, errors);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("usage: StructuredChat.Emulator", output.ToString());
        Assert.Contains("--timing", output.ToString());
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public async Task A_bad_option_exits_2_with_the_usage_on_stderr()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await Program.RunAsync(["--port"], output, errors);

        Assert.Equal(2, exitCode);
        Assert.Contains("--port: missing value", errors.ToString());
        Assert.Equal("", output.ToString());
    }
}
