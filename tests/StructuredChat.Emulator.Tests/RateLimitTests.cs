using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace StructuredChat.Emulator.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_301st_request_in_a_minute_gets_429_and_the_limit_resets_after_the_minute()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await Emulators.StartAsync(new() { TimeProvider = clock, Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);
        var body = Wire.Body(model: "speed", prompt: "ping");

        for (var i = 0; i < 300; i++)
        {
            var (ok, _, _) = await wire.SendAsync(body);
            Assert.Equal(200, ok);
            if (i == 149)
            {
                clock.Advance(TimeSpan.FromSeconds(30));
            }
        }

        var (limited, text, response) = await wire.SendAsync(body);
        Assert.Equal(429, limited);
        using (var json = JsonDocument.Parse(text))
        {
            Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
            Assert.Contains("300 requests per minute", json.RootElement.GetProperty("error").GetProperty("message").GetString());
        }

        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase));

        // 30 s later the first 150 are older than a minute: exactly 150 more fit.
        clock.Advance(TimeSpan.FromSeconds(30));
        var (afterHalf, _, _) = await wire.SendAsync(body);
        Assert.Equal(200, afterHalf);

        clock.Advance(TimeSpan.FromMinutes(1));
        var (afterMinute, _, _) = await wire.SendAsync(body);
        Assert.Equal(200, afterMinute);
    }

    [Fact]
    public async Task The_limit_is_configurable_and_refused_requests_do_not_count()
    {
        var clock = new FakeTimeProvider();
        await using var emulator = await Emulators.StartAsync(new() { TimeProvider = clock, RequestsPerMinute = 2, Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);
        var body = Wire.Body(model: "speed");

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await wire.SendAsync(body)).Status);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        clock.Advance(TimeSpan.FromSeconds(21));
        statuses.Add((await wire.SendAsync(body)).Status);

        // Requests at 0 s and 10 s pass; 20 s and 30 s are refused; at 61 s the one from 0 s has expired.
        Assert.Equal([200, 200, 429, 429, 200], statuses);
    }

    [Fact]
    public async Task A_limit_of_zero_turns_limiting_off()
    {
        await using var emulator = await Emulators.StartAsync(new() { RequestsPerMinute = 0, Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await wire.SendAsync(Wire.Body(model: "speed"))).Status);
        }
    }
}
