//! What an industry page shows under its chart's controls, as HTML: the drawing with a
//! focusable point over each mark, a line that tells a point's value, year, kind and source,
//! a one-sentence summary, the same numbers as a table, and the downloads. The server puts it
//! in the page; the browser puts it in place of the old one when the controls change.

use crate::svg::series_chart_svg;
use crate::{escape, ChartState, Metric, SERIES_HEIGHT, SERIES_WIDTH};

/// The element whose content the controls replace.
pub const CHART_BODY_ID: &str = "chart-body";

/// The body of the chart of `metric` in `state`, on the page of industry `slug`.
pub fn chart_body_html(slug: &str, metric: &Metric, state: &ChartState) -> String {
    let show = state.show.as_deref();
    let chart = metric.chart(state.from, state.to, show);
    let svg = series_chart_svg(&chart);
    let summary = metric.summary();
    let query = state.to_query_string(&metric.key);
    let plotted = metric.plotted(state.from, state.to, show);
    let mut out = String::with_capacity(svg.len() + 4096);
    out.push_str(&format!(
        "<figure class=\"chart\" data-status=\"{}\"><div class=\"chart-frame\">\
         <div class=\"chart-svg\" aria-hidden=\"true\">{svg}</div>\
         <svg class=\"chart-points\" viewBox=\"0 0 {SERIES_WIDTH} {SERIES_HEIGHT}\" role=\"group\" aria-label=\"图中的点\">",
        escape(&summary)
    ));
    for (figure, (x, y)) in plotted.iter().zip(chart.positions()) {
        let tip = escape(&figure.tip());
        out.push_str(&format!(
            "<a class=\"chart-point\" href=\"#pt-{}\" data-tip=\"{tip}\" aria-label=\"{tip}\">\
             <title>{tip}</title><circle cx=\"{x}\" cy=\"{y}\" r=\"14\"></circle></a>",
            escape(&figure.id)
        ));
    }
    let hint = if plotted.is_empty() {
        ""
    } else {
        "点按或指向图中的点，这里会写出它的数值、年份、类型和出处。"
    };
    let name = escape(&metric.name);
    out.push_str(&format!(
        "</svg></div><p class=\"chart-tip\" id=\"chart-tip\" aria-live=\"polite\">{hint}</p>\
         <figcaption>{}</figcaption></figure>\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{name}（数据表）\"><table>\
         <caption>{name}（{}，单位：{}）</caption>\
         <thead><tr><th scope=\"col\">年份</th><th scope=\"col\">类型</th><th scope=\"col\">数值</th><th scope=\"col\">出处</th></tr></thead><tbody>",
        escape(&summary),
        escape(&metric.region),
        escape(&metric.unit),
    ));
    for figure in metric.points.iter().filter(|f| state.shows(&f.kind)) {
        out.push_str(&format!(
            "<tr id=\"pt-{}\"><td>{}</td><td>{}</td><td><data value=\"{}\">{}</data></td><td>《{}》{}</td></tr>",
            escape(&figure.id),
            escape(&figure.year_label()),
            escape(figure.kind_label()),
            escape(&figure.number),
            escape(&figure.figure),
            escape(&figure.document),
            escape(&figure.section),
        ));
    }
    let slug = escape(slug);
    out.push_str(&format!(
        "</tbody></table></div><p class=\"downloads\">下载：\
         <a href=\"/industries/{slug}/chart.svg?{}\" download=\"chart.svg\">图表 SVG</a> · \
         <a href=\"/api/v1/indicators.csv?industry={slug}\" download=\"indicators.csv\">该产业全部数字 CSV</a></p>",
        escape(&query)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::metric;

    #[test]
    fn the_body_has_a_point_per_mark_a_row_per_figure_shown_and_the_downloads() {
        let metric = metric();
        let state = ChartState::from_query_string("metric=ind-100");
        let html = chart_body_html("mushrooms", &metric, &state);
        // Two dated figures drawn, three in the table (the undated one too).
        assert_eq!(html.matches("class=\"chart-point\"").count(), 2);
        assert_eq!(html.matches("<tr id=\"pt-").count(), 3);
        assert!(html.contains("data-tip=\"2020年 基数 146.98 万亩，出处：《规划》第五章\""));
        assert!(html.contains("href=\"/industries/mushrooms/chart.svg?metric=ind-100\""));
        assert!(html.contains("<data value=\"146.98\">146.98 万亩</data>"));
        // Only targets: one point, one row, the download names the state.
        let targets = ChartState::from_query_string("metric=ind-100&show=target");
        let html = chart_body_html("mushrooms", &metric, &targets);
        assert_eq!(html.matches("class=\"chart-point\"").count(), 1);
        assert_eq!(html.matches("<tr id=\"pt-").count(), 1);
        assert!(html.contains("chart.svg?metric=ind-100&amp;show=target"));
    }

    #[test]
    fn text_from_the_documents_cannot_make_markup() {
        let mut metric = metric();
        metric.name = "<script>\"x\"&".to_string();
        let html = chart_body_html("x", &metric, &ChartState::default());
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;&quot;x&quot;&amp;"));
        assert_eq!(escape("'<&>\""), "&apos;&lt;&amp;&gt;&quot;");
    }
}
