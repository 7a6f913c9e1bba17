import { defineMessages } from './types.ts';

/** Backtesting (issue #14 item 6): the analytics page's section scoring past forecasts, and its API's refusals. */
export const backtestWeb = defineMessages({
  vi: {
    title: 'Kiểm định dự báo',
    intro:
      'Các dự báo 14 ngày đã lưu, lập từ {{from}} đến {{to}}, so với số ca theo ngày báo cáo thực tế. WIS càng thấp càng tốt; độ phủ của khoảng 50 % và 90 % nên gần 50 % và 90 %.',
    none: 'Chưa có dự báo nào được lưu cho đơn vị và bệnh này trong khoảng thời gian đã chọn.',
    loading: 'Đang tính điểm dự báo…',
    tableCaption: 'Điểm dự báo theo số ngày dự báo trước',
    horizon: 'Số ngày trước',
    count: 'Số dự báo',
    wis: 'WIS trung bình',
    coverage50: 'Độ phủ 50 %',
    coverage90: 'Độ phủ 90 %',
    overall: 'Tất cả',
    chartLabel: 'Biểu đồ: dự báo trước {{horizon}} ngày so với số ca thực tế',
    chartHorizon: 'Dự báo trước (ngày)',
    observed: 'Ca theo ngày báo cáo',
    median: 'Dự báo trung vị',
    band50: 'Khoảng 50 %',
    band90: 'Khoảng 90 %',
    model: 'Mô hình: {{models}}',
    errors: {
      range:
        'Khoảng ngày lập dự báo không hợp lệ: ngày bắt đầu phải trước ngày kết thúc và cách không quá {{days}} ngày.',
    },
  },
  en: {
    title: 'Forecast backtest',
    intro:
      'The stored 14-day forecasts made from {{from}} to {{to}}, compared with the cases by report that happened. Lower WIS is better; the 50 % and 90 % intervals should cover about 50 % and 90 %.',
    none: 'No forecast was stored for this unit and disease in the chosen period.',
    loading: 'Scoring the forecasts…',
    tableCaption: 'Forecast scores by days ahead',
    horizon: 'Days ahead',
    count: 'Forecasts',
    wis: 'Mean WIS',
    coverage50: '50 % coverage',
    coverage90: '90 % coverage',
    overall: 'All',
    chartLabel: 'Chart: forecasts {{horizon}} days ahead against the cases that happened',
    chartHorizon: 'Days ahead',
    observed: 'Cases by report',
    median: 'Forecast median',
    band50: '50 % interval',
    band90: '90 % interval',
    model: 'Model: {{models}}',
    errors: {
      range:
        'Invalid period of forecast days: the start must not be after the end, at most {{days}} days apart.',
    },
  },
});
