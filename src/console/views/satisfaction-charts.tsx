import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption>;

/** The chart's width and height in px: fixed, so that it prints the size it shows (A4's text width is ~680 px). */
const WIDTH = 620;
const HEIGHT = 240;
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif';
const BLUE = '#2f6fd1';
const ORANGE = '#d9822b';
const SCORE_COLOURS = ['#c4463a', '#e08a4b', '#b8b8b8', '#6fa8dc', '#2f6fd1'];

/** One chart drawn as SVG (crisp in print), with no animation; drawn again when the option changes. */
function Chart({ option, id, label }: { option: Option; id: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    // Registering what the charts use is idempotent: echarts keeps each part once.
    use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);
    const chart = init(box.current, undefined, { renderer: 'svg', width: WIDTH, height: HEIGHT });
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return () => chart.dispose();
  }, [JSON.stringify(option)]);
  return <div class="sr-chart" id={id} ref={box} role="img" aria-label={label} style={{ width: `${WIDTH}px`, height: `${HEIGHT}px` }} />;
}

/** How many answers gave each score (1 … 5), a bar per score. */
export function DistributionChart({ counts, labels, title }: { counts: readonly number[]; labels: readonly string[]; title: string }) {
  const option: Option = {
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: [...labels], axisLabel: { interval: 0, width: 100, overflow: 'break' } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: title,
        data: counts.map((value, i) => ({ value, itemStyle: { color: SCORE_COLOURS[i] ?? BLUE } })),
        label: { show: true, position: 'top' },
        barMaxWidth: 48,
      },
    ],
  };
  return <Chart option={option} id="sr-chart-distribution" label={title} />;
}

/** Mean score (bars, 0–5) and response rate (line, 0–100 %) of each group: the quarters, or the sites. */
export function MeanAndRateChart(props: {
  id: string;
  groups: readonly string[];
  means: readonly (number | null)[];
  rates: readonly (number | null)[];
  meanName: string;
  rateName: string;
}) {
  const mean = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const percent = (v: number | null) => (v === null ? null : Math.round(v * 100));
  const option: Option = {
    legend: { top: 0, data: [props.meanName, props.rateName] },
    grid: { left: 40, right: 48, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: [...props.groups], axisLabel: { interval: 0, width: 90, overflow: 'break' } },
    yAxis: [
      { type: 'value', min: 0, max: 5, interval: 1 },
      { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        type: 'bar',
        name: props.meanName,
        data: props.means.map(mean),
        itemStyle: { color: BLUE },
        // At the bar's foot: at its top it would sit under the rate line's point wherever the rate
        // (0–100 %) and the mean (0–5) come out at the same height, as 67 % and 3.5 do.
        label: { show: true, position: 'insideBottom', color: '#fff' },
        barMaxWidth: 40,
      },
      {
        type: 'line',
        name: props.rateName,
        yAxisIndex: 1,
        data: props.rates.map(percent),
        itemStyle: { color: ORANGE },
        lineStyle: { color: ORANGE },
        label: { show: true, formatter: '{c}%' },
      },
    ],
  };
  return <Chart option={option} id={props.id} label={`${props.meanName} / ${props.rateName}`} />;
}
