// The operator dashboard's charts (echarts core, tree-shaken; this module loads on demand, on /operations only).
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Bar { name: string; value: number; color?: string }

/** One chart: `kind` pie (a ring of shares) or bar (categories on x); `label` is its accessible summary. */
export default function OperationsChart({ kind, bars, label, unit = "个" }: { kind: "pie" | "bar"; bars: Bar[]; label: string; unit?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!host.current) return;
    const instance = echarts.init(host.current);
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(kind === "pie" ? {
      tooltip: { trigger: "item", formatter: `{b}：{c} ${unit}（{d}%）` },
      legend: { bottom: 0, icon: "circle" },
      animationDuration: 300,
      series: [{ type: "pie", radius: ["45%", "68%"], center: ["50%", "42%"], label: { show: false },
        data: bars.map((b) => ({ name: b.name, value: b.value, itemStyle: b.color ? { color: b.color } : undefined })) }],
    } : {
      tooltip: { trigger: "axis", formatter: (p: { name: string; value: number }[]) => `${p[0].name}：${p[0].value} ${unit}` },
      grid: { left: 40, right: 16, top: 24, bottom: bars.length > 4 ? 56 : 40 },
      xAxis: { type: "category", data: bars.map((b) => b.name),
        axisLabel: bars.length > 4 ? { interval: 0, rotate: 40 } : { interval: 0, width: 64, overflow: "break" } },
      yAxis: { type: "value", minInterval: 1 },
      animationDuration: 300,
      series: [{ type: "bar", barMaxWidth: 40, label: { show: true, position: "top" },
        data: bars.map((b) => ({ value: b.value, itemStyle: b.color ? { color: b.color } : undefined })) }],
    }, true);
  }, [kind, bars, unit]);
  const text = bars.map((b) => `${b.name} ${b.value} ${unit}`).join("，");
  return <div ref={host} style={{ height: 260 }} role="img" aria-label={`${label}：${text}`} />;
}
