import { useEffect, useRef } from 'preact/hooks';
import type { ChartOption, DrawnChart } from '../report-charts.js';

const FONT = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif';
const COLORS = ['#2f6fde', '#3aa57a', '#e0a030', '#d9534f', '#8a6fd1', '#5aa9c9'];

/** One ECharts chart: loaded with the reports page, redrawn when its option changes, resized with the page. */
export function ReportChart({ option, height, label, id }: { option: ChartOption; height: number; label: string; id?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<DrawnChart | null>(null);
  const themed: ChartOption = { color: COLORS, textStyle: { fontFamily: FONT }, animation: false, ...option };
  useEffect(() => {
    let gone = false;
    const el = element.current;
    if (!el) return;
    void import('../report-charts.js').then(({ drawChart }) => {
      if (gone) return;
      if (chart.current) chart.current.update(themed);
      else chart.current = drawChart(el, themed);
      el.dataset.drawn = 'true';
    });
    return () => {
      gone = true;
    };
  }, [JSON.stringify(option)]);
  useEffect(() => {
    const el = element.current;
    const observer = new ResizeObserver(() => chart.current?.resize());
    if (el) observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  return <div class="report-chart" ref={element} style={{ height: `${height}px` }} role="img" aria-label={label} {...(id ? { id } : {})} />;
}

/** Horizontal bars (long Chinese labels read best along the side), biggest on top. */
export function barsOption(names: readonly string[], values: readonly number[], seriesName: string): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: [...names].reverse(), axisTick: { show: false } },
    series: [{ name: seriesName, type: 'bar', data: [...values].reverse(), barMaxWidth: 22, label: { show: true, position: 'right' } }],
  };
}
