using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

// Drives headless Chromium against samples/WebResearch (its own emulator, no key): asks about a company, takes a
// screenshot while the card is only partly filled, waits for the final card, and checks that every field has a
// value and that citation links are there. Exit code 0 when all of that holds; screenshots go to the folder given
// as the first argument (CI keeps them as artifacts).
// usage: BrowserChecks <artifacts folder> <WebResearch.dll>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: BrowserChecks <artifacts folder> <WebResearch.dll>");
    return 2;
}

string artifacts = Directory.CreateDirectory(args[0]).FullName;
string[] fields = ["name", "founded", "headquarters", "employees", "people", "summary"];

using var app = SampleApp.Start(args[1]);
Uri url = await app.ListeningAsync(TimeSpan.FromSeconds(60));
Console.WriteLine($"WebResearch listening on {url}");

var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,900");
using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
service.SuppressInitialDiagnosticInformation = true;
using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

driver.Navigate().GoToUrl(url);
var company = driver.FindElement(By.Id("company"));
company.Clear();
company.SendKeys("Contoso");
driver.FindElement(By.Id("go")).Click();

// Mid-stream: the card is streaming, the name has begun, and the last field has not arrived yet.
var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(60)) { PollingInterval = TimeSpan.FromMilliseconds(20) };
bool PartlyFilled(IWebDriver d) =>
    d.FindElement(By.Id("card")).GetAttribute("data-state") == "streaming"
    && d.FindElement(By.CssSelector("#name .value")).Text.Length > 0
    && d.FindElement(By.Id("summary")).GetAttribute("data-state") == "missing";
try
{
    wait.Until(PartlyFilled);
}
catch (WebDriverTimeoutException)
{
    ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(artifacts, "webresearch-never-partial.png"));
    Console.Error.WriteLine("FAILED: the card never showed partly filled within 60 s (state: "
        + driver.FindElement(By.Id("card")).GetAttribute("data-state") + "); see webresearch-never-partial.png");
    return 1;
}

string midStream = Path.Combine(artifacts, "webresearch-mid-stream.png");
((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(midStream);
string stateAfterShot = driver.FindElement(By.Id("card")).GetAttribute("data-state") ?? "";
string begun = string.Join(", ", fields.Where(f => driver.FindElement(By.Id(f)).GetAttribute("data-state") != "missing"));
Console.WriteLine($"mid-stream screenshot: {midStream} (card still {stateAfterShot} after the shot; fields begun by then: {begun})");
var problems = new List<string>();
if (stateAfterShot != "streaming")
{
    problems.Add($"the answer was {stateAfterShot} by the time the mid-stream screenshot was taken, so it may not show a partial card");
}

new WebDriverWait(driver, TimeSpan.FromSeconds(90)).Until(d => d.FindElement(By.Id("card")).GetAttribute("data-state") is "complete" or "failed");
string final = Path.Combine(artifacts, "webresearch-final.png");
((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(final);
Console.WriteLine($"final screenshot: {final}");

if (driver.FindElement(By.Id("card")).GetAttribute("data-state") != "complete")
{
    problems.Add("the card did not complete: " + driver.FindElement(By.Id("error")).Text);
}

foreach (string field in fields)
{
    string value = driver.FindElement(By.CssSelector($"#{field} .value")).Text;
    string state = driver.FindElement(By.Id(field)).GetAttribute("data-state") ?? "";
    Console.WriteLine($"  {field,-13} [{state}] {value}");
    if (value.Length == 0 || state != "complete")
    {
        problems.Add($"{field} is not filled in (state {state})");
    }
}

var links = driver.FindElements(By.CssSelector("a.citation")).Select(a => a.GetAttribute("href") ?? "").ToList();
Console.WriteLine($"  {links.Count} citation links, first: {links.FirstOrDefault()}");
if (links.Count == 0 || !links.All(l => l.StartsWith("https://", StringComparison.Ordinal)))
{
    problems.Add("no citation links, or a link that is not https");
}

foreach (string problem in problems)
{
    Console.Error.WriteLine("FAILED: " + problem);
}

return problems.Count == 0 ? 0 : 1;

/// <summary>samples/WebResearch run as a child process on a free loopback port.</summary>
internal sealed partial class SampleApp : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleApp(Process process) => _process = process;

    public static SampleApp Start(string dll)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");

        // A slow pace (the answer takes about 15 s) so that a loaded CI machine still shoots the card mid-stream.
        start.ArgumentList.Add("--Emulator:TokensPerSecond=20");
        start.Environment.Remove("PARALLEL_API_KEY");
        start.Environment.Remove("PARALLEL_BASE_URL");
        var app = new SampleApp(new Process { StartInfo = start });
        app._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } match)
            {
                app._listening.TrySetResult(new Uri(match.Groups["url"].Value + "/"));
            }
        };
        app._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[WebResearch] " + e.Data); };
        app._process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException("WebResearch exited before listening."));
        app._process.EnableRaisingEvents = true;
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    public Task<Uri> ListeningAsync(TimeSpan deadline) => _listening.Task.WaitAsync(deadline);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
