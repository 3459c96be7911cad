// SVG chart rendering (see svg_plot.hpp). Axes get "nice" ticks; log axes put a tick at
// every power of two (threads) or ten (everything else).
#include "reports/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tagrace::reports::svg {

namespace {

constexpr int kLeft = 70, kRight = 170, kTop = 34, kBottom = 46;

std::string fmt_num(double v) {
  double a = std::abs(v);
  if (a >= 1e9) return fmt::format("{:.3g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.3g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("{:.3g}k", v / 1e3);
  return fmt::format("{:.3g}", v);
}

struct Axis {
  double lo, hi;
  bool log;
  int p0, p1;  ///< pixel range
  double map(double v) const {
    double a = log ? std::log(std::max(v, lo)) : v, l = log ? std::log(lo) : lo, h = log ? std::log(hi) : hi;
    return p0 + (h > l ? (a - l) / (h - l) : 0.5) * (p1 - p0);
  }
  std::vector<double> ticks() const {
    std::vector<double> t;
    if (log) {
      double base = hi / lo > 1e3 ? 10 : 2;
      for (double v = std::pow(base, std::floor(std::log(lo) / std::log(base))); v <= hi * 1.0001; v *= base)
        if (v >= lo * 0.9999) t.push_back(v);
    } else {
      double span = hi - lo, step = std::pow(10, std::floor(std::log10(span > 0 ? span : 1)));
      if (span / step < 3) step /= 2;
      if (span / step > 8) step *= 2;
      for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) t.push_back(v);
    }
    return t;
  }
};

Axis make_axis(std::vector<double> v, bool log, int p0, int p1, bool from_zero) {
  if (log) v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return x <= 0; }), v.end());
  double lo = v.empty() ? (log ? 1 : 0) : *std::min_element(v.begin(), v.end());
  double hi = v.empty() ? 1 : *std::max_element(v.begin(), v.end());
  if (from_zero && !log) lo = std::min(lo, 0.0);
  if (hi <= lo) hi = lo + (log ? lo : 1);
  if (!log) hi += (hi - lo) * 0.05;
  return Axis{lo, hi, log, p0, p1};
}

std::string frame(const ChartOptions& o, const Axis& x, const Axis& y, bool x_ticks) {
  std::string s = fmt::format(
      "<svg id=\"{}\" class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\"><title>{}</title>"
      "<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>",
      escape(o.id), o.width, o.height, o.width, o.height, escape(o.title), kLeft, escape(o.title));
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>", kLeft, kTop,
                   o.width - kLeft - kRight, o.height - kTop - kBottom);
  for (double t : y.ticks()) {
    double py = y.map(t);
    s += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eee\"/>", kLeft,
                     o.width - kRight, py, py);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>", kLeft - 4, py + 4,
                     fmt_num(t));
  }
  if (x_ticks)
    for (double t : x.ticks())
      s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>", x.map(t),
                       o.height - kBottom + 16, fmt_num(t));
  s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
                   (kLeft + o.width - kRight) / 2, o.height - 8, escape(o.x_label));
  s += fmt::format(
      "<text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text>",
      (kTop + o.height - kBottom) / 2, (kTop + o.height - kBottom) / 2, escape(o.y_label));
  return s;
}

std::string legend_entry(const ChartOptions& o, int i, int color, const std::string& name, bool dashed) {
  int y = kTop + 8 + i * 16, x = o.width - kRight + 10;
  return fmt::format(
      "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"{}/>"
      "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
      x, x + 18, y, y, palette(color), dashed ? " stroke-dasharray=\"5,3\"" : "", x + 22, y + 4, escape(name));
}

}  // namespace

std::string palette(int i) {
  static const char* c[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return c[((i % 10) + 10) % 10];
}

std::string escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    switch (ch) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += ch;
    }
  }
  return o;
}

std::string line_chart(const std::vector<Series>& series, const ChartOptions& o) {
  std::vector<double> xs, ys;
  for (const auto& s : series)
    for (auto [x, y] : s.points) xs.push_back(x), ys.push_back(y);
  Axis x = make_axis(xs, o.log_x, kLeft, o.width - kRight, false);
  Axis y = make_axis(ys, o.log_y, o.height - kBottom, kTop, true);
  std::string s = frame(o, x, y, true);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& se = series[i];
    int color = se.color >= 0 ? se.color : static_cast<int>(i);
    std::string pts;
    for (auto [px, py] : se.points)
      if ((!o.log_x || px > 0) && (!o.log_y || py > 0)) pts += fmt::format("{:.1f},{:.1f} ", x.map(px), y.map(py));
    s += fmt::format("<polyline class=\"series\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>",
                     palette(color), se.dashed ? " stroke-dasharray=\"5,3\"" : "", pts);
    if (se.points.size() <= 12)
      for (auto [px, py] : se.points)
        if ((!o.log_x || px > 0) && (!o.log_y || py > 0))
          s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", x.map(px), y.map(py),
                           palette(color));
    s += legend_entry(o, static_cast<int>(i), color, se.name, se.dashed);
  }
  return s + "</svg>";
}

std::string bar_chart(const std::vector<std::string>& names, const std::vector<BarGroup>& groups,
                      const ChartOptions& o) {
  std::vector<double> ys{0};
  for (const auto& g : groups)
    for (double v : g.values) ys.push_back(v);
  Axis y = make_axis(ys, o.log_y, o.height - kBottom, kTop, true);
  Axis x{0, 1, false, kLeft, o.width - kRight};
  std::string s = frame(o, x, y, false);
  double gw = groups.empty() ? 1 : static_cast<double>(o.width - kLeft - kRight) / groups.size();
  double bw = gw * 0.8 / std::max<std::size_t>(1, names.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    double gx = kLeft + g * gw + gw * 0.1;
    for (std::size_t i = 0; i < groups[g].values.size() && i < names.size(); ++i) {
      double v = groups[g].values[i], top = y.map(std::max(v, o.log_y ? y.lo : 0.0)), base = y.map(o.log_y ? y.lo : 0);
      s += fmt::format("<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
                       "<title>{}: {} = {}</title></rect>",
                       gx + i * bw, std::min(top, base), std::max(bw - 1, 1.0), std::abs(base - top),
                       palette(static_cast<int>(i)), escape(groups[g].label), escape(names[i]), fmt_num(v));
    }
    s += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-30 {:.1f} {})\">{}</text>",
        gx + gw * 0.4, o.height - kBottom + 14, gx + gw * 0.4, o.height - kBottom + 14, escape(groups[g].label));
  }
  for (std::size_t i = 0; i < names.size(); ++i) s += legend_entry(o, static_cast<int>(i), static_cast<int>(i), names[i], false);
  return s + "</svg>";
}

}  // namespace tagrace::reports::svg
