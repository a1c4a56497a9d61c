using FlowOrleans.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FlowOrleans.Web.Tests;

/// <summary>The web UI in Chromium, used as a newcomer would: start the generator, watch windows, late events, watermarks and the cluster.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(BrowserSession session)
{
    private static readonly string[] Pages = ["live", "late", "watermarks", "pipelines", "generator", "cluster"];

    [Fact]
    public async Task GeneratorStartedFromTheUiFillsEveryPage()
    {
        var problems = new List<string>();
        var page = await session.OpenAsync(1366, 768, problems);
        await page.GotoAsync("/#/generator");
        await Expect(page.GetByTestId("generator-state")).ToHaveTextAsync("stopped");
        await page.GetByTestId("generator-rate").FillAsync("400");
        await page.GetByTestId("generator-start").ClickAsync();
        await Expect(page.GetByTestId("generator-state")).ToHaveTextAsync("running");

        await page.GetByTestId("nav-live").ClickAsync();
        await Expect(page.GetByTestId("ws-status")).ToContainTextAsync("Live");
        await Expect(page.GetByTestId("result-row").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("key-charts").Locator("svg").First).ToBeVisibleAsync();
        var firstRow = await page.GetByTestId("result-row").First.InnerTextAsync();
        Assert.Matches(@"\[\d\d:\d\d:\d\d.\d\d:\d\d:\d\d\)", firstRow);

        await page.GetByTestId("nav-late").ClickAsync();
        await Expect(page.GetByTestId("late-row").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("nav-watermarks").ClickAsync();
        await Expect(page.GetByTestId("watermark-card")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("watermark-card").First.Locator("svg").First).ToBeVisibleAsync();

        await page.GetByTestId("nav-cluster").ClickAsync();
        await Expect(page.Locator("[data-testid=silo-card][data-status=Active]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("grain-type-table").Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("method-table")).ToContainTextAsync("ApplyAsync");

        foreach (var (name, width, height) in BrowserSession.Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var id in Pages)
            {
                await page.GotoAsync("/#/" + id);
                await Expect(page.GetByTestId("nav-" + id)).ToHaveAttributeAsync("aria-current", "page");
                await WaitForContentAsync(page, id);
                await session.ScreenshotAsync(page, $"{name}-{id}");
            }
        }

        await page.GotoAsync("/#/generator");
        await page.GetByTestId("generator-stop").ClickAsync();
        await Expect(page.GetByTestId("generator-state")).ToHaveTextAsync("stopped");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task PipelineCreatedAndDeletedFromTheUi()
    {
        var problems = new List<string>();
        var page = await session.OpenAsync(1366, 768, problems);
        await page.GotoAsync("/#/pipelines");
        await Expect(page.GetByTestId("pipeline-row")).ToHaveCountAsync(2);

        await page.GetByTestId("pipeline-name").FillAsync("browser-sessions");
        await page.GetByTestId("pipeline-form").Locator("select").First.SelectOptionAsync("session");
        await page.GetByTestId("pipeline-create").ClickAsync();
        var row = page.GetByTestId("pipeline-row").Filter(new() { HasText = "browser-sessions" });
        await Expect(row).ToContainTextAsync("session");
        await session.ScreenshotAsync(page, "laptop-pipeline-created");

        await row.GetByTestId("pipeline-delete").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("pipeline-row")).ToHaveCountAsync(2);

        await page.GetByTestId("pipeline-name").FillAsync("Bad Name!");
        await page.GetByTestId("pipeline-create").ClickAsync();
        await Expect(page.GetByTestId("field-error-name").Or(page.GetByTestId("error-banner")).First).ToBeVisibleAsync();
        Assert.DoesNotContain(problems, p => !p.Contains("status of 400", StringComparison.Ordinal));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Waits until the page shows its data (not a loading state) before a screenshot.</summary>
    private static async Task WaitForContentAsync(IPage page, string id)
    {
        var marker = id switch
        {
            "live" => page.GetByTestId("result-row").First,
            "late" => page.GetByTestId("late-row").First,
            "watermarks" => page.GetByTestId("watermark-card").First,
            "pipelines" => page.GetByTestId("pipeline-row").First,
            "generator" => page.GetByTestId("generator-sent"),
            _ => page.GetByTestId("silo-card").First,
        };
        await Expect(marker).ToBeVisibleAsync();
    }
}
