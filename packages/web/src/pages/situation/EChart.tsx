/**
 * One ECharts chart (echarts 6, tree-shaken: bar and line charts, grid, tooltip, legend, the SVG
 * renderer — crisp on a meeting-room screen, and light). It follows its box's size, and it is a
 * labelled figure: `label` names it and `summary` says in words what it shows.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The chart options the situation room uses. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export function EChart({
  option,
  label,
  summary,
  height = 280,
  testId,
}: {
  option: ChartOption;
  label: string;
  summary: string;
  height?: number | string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, null, {
      renderer: 'svg',
      width: el.clientWidth || 600,
      height: el.clientHeight || 280,
    });
    chart.current = c;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (el.clientWidth > 0 && el.clientHeight > 0) c.resize({ width: 'auto', height: 'auto' });
          });
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <figure className="situation-chart" data-testid={testId}>
      <figcaption className="situation-chart__title">{label}</figcaption>
      <div ref={box} className="situation-chart__canvas" role="img" aria-label={summary} style={{ height }} />
    </figure>
  );
}
