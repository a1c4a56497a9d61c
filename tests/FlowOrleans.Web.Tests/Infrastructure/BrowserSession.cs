using Microsoft.Playwright;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (a Playwright browser download does not work here), headless,
/// against a fresh node with no events. Shared by the browser tests.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    /// <summary>The widths users look at the UI with.</summary>
    public static readonly (string Name, int Width, int Height)[] Viewports = [("laptop", 1366, 768), ("phone", 390, 844)];

    private IPlaywright? _playwright;

    public NodeProcess Node { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c>.</summary>
    public string Screenshots { get; } = Repository.Artifacts("screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Prerequisite.Require("/usr/bin/chromium", "chromium");
        Node = await NodeProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new page at the given size; script errors and failed requests are collected into <paramref name="problems"/>.</summary>
    public async Task<IPage> OpenAsync(int width, int height, List<string> problems)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = Node.BaseAddress.ToString(),
            TimezoneId = "UTC",
        });
        // Deadlines, not delays: each wait ends as soon as its condition holds. CI runs every test project at
        // once on two cores, where these pages answer 3-5x slower than on a quiet machine.
        context.SetDefaultTimeout(ActionTimeoutMs);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console error: " + message.Text);
            }
        };
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        return page;
    }

    /// <summary>How long a click, navigation or screenshot may take.</summary>
    public const int ActionTimeoutMs = 60_000;

    /// <summary>How long an <c>Expect</c> assertion waits for its condition.</summary>
    public const int ExpectTimeoutMs = 20_000;

    /// <summary>The tallest screenshot taken: a page with hundreds of late rows would otherwise be a 20,000 px image.</summary>
    public const int MaxScreenshotHeight = 3_000;

    /// <summary>Saves the page from its top, at most <see cref="MaxScreenshotHeight"/> px, as <c>artifacts/screenshots/NAME.png</c>.</summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        var size = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Screenshots, name + ".png"),
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = size[0], Height = Math.Min(size[1], MaxScreenshotHeight) },
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one <see cref="BrowserSession"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "browser";
}
