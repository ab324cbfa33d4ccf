using System.Globalization;
using System.Text;

namespace ClusterMesh.Benchmarks.Report;

/// <summary>A Markdown table printed at the end of a scenario, ready to paste into docs/benchmarks.md.</summary>
internal sealed class ResultTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public void Add(params object[] cells) =>
        _rows.Add(cells.Select(c => c switch
        {
            double d => d.ToString(Math.Abs(d) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => c?.ToString() ?? string.Empty,
        }).ToArray());

    public void Print()
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine($"### {title}").AppendLine();
        text.AppendLine($"| {string.Join(" | ", columns)} |");
        text.AppendLine($"|{string.Concat(columns.Select(_ => "---|"))}");
        foreach (var row in _rows)
        {
            text.AppendLine($"| {string.Join(" | ", row)} |");
        }

        Console.Write(text.ToString());
    }

    public static string Verdict(bool met) => met ? "met" : "MISSED";
}
