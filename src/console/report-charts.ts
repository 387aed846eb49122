// The reports' charts, drawn by Apache ECharts: only the bar and line charts and the components the
// reports use are registered (echarts/core), and this module is loaded only by the reports page, so
// the rest of the console does not carry it. The SVG renderer keeps Chinese text crisp at any zoom.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export interface DrawnChart {
  update(option: ChartOption): void;
  resize(): void;
  dispose(): void;
}

/** Draws the option into the element (its size is the element's). */
export function drawChart(element: HTMLElement, option: ChartOption): DrawnChart {
  const chart = echarts.init(element, null, { renderer: 'svg' });
  chart.setOption(option);
  return {
    update: (next) => chart.setOption(next, { notMerge: true }),
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
