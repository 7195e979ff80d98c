// Ring chart of record counts by status (echarts core, tree-shaken; this module loads on demand).
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { PieChart } from "echarts/charts";
import { LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([PieChart, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export interface Slice {
  name: string;
  value: number;
  color: string;
}

export default function StatusRing({ slices, total, label }: { slices: Slice[]; total: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const chart = echarts.init(host.current);
    chart.setOption({
      tooltip: { trigger: "item", formatter: "{b}：{c} 条（{d}%）" },
      legend: { bottom: 0, icon: "circle" },
      title: { text: String(total), subtext: "全部", left: "center", top: "36%", textStyle: { fontSize: 26 } },
      animationDuration: 300,
      series: [{ type: "pie", radius: ["50%", "72%"], center: ["50%", "45%"], avoidLabelOverlap: true, label: { show: false },
        data: slices.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color } })) }],
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [slices, total]);
  const text = slices.map((s) => `${s.name} ${s.value} 条`).join("，");
  return <div ref={host} style={{ height: 280 }} role="img" aria-label={`${label}：全部 ${total} 条，${text}`} />;
}
