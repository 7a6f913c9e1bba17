import { defineMessages } from './types.ts';

/** Analytics (Rt, early warning, nowcast, forecasts, scores): why an input was refused. */
export const analytics = defineMessages({
  vi: {
    errors: {
      serialInterval:
        'Phân bố khoảng nối tiếp không hợp lệ: xác suất không âm, bằng 0 ở ngày 0 và tổng bằng 1.',
      serialIntervalParameters:
        'Khoảng nối tiếp cần trung bình lớn hơn 1 ngày và độ lệch chuẩn dương (trung bình {{mean}}, độ lệch chuẩn {{sd}}).',
      incidence:
        'Chuỗi số ca theo ngày không hợp lệ: cần ít nhất 2 ngày, số ca không âm, ca nội địa và ca xâm nhập cùng độ dài.',
      windows:
        'Cửa sổ ước lượng không hợp lệ: bắt đầu từ ngày 2, không kết thúc trước khi bắt đầu, không quá ngày cuối.',
      prior: 'Phân bố tiên nghiệm của R cần trung bình và độ lệch chuẩn dương.',
      series: 'Chuỗi số liệu không hợp lệ hoặc quá ngắn cho phương pháp đã chọn.',
      parameter: 'Tham số không hợp lệ: {{name}}.',
      pairs: 'Cặp ngày khởi phát – ngày báo cáo không hợp lệ: ngày báo cáo không được trước ngày khởi phát.',
    },
  },
  en: {
    errors: {
      serialInterval:
        'Invalid serial-interval distribution: probabilities must be non-negative, zero on day 0 and sum to 1.',
      serialIntervalParameters:
        'The serial interval needs a mean above 1 day and a positive standard deviation (mean {{mean}}, sd {{sd}}).',
      incidence:
        'Invalid daily case series: at least 2 days, no negative counts, local and imported cases of the same length.',
      windows:
        'Invalid estimation windows: they start on day 2 or later, do not end before they start, nor after the last day.',
      prior: 'The prior of R needs a positive mean and standard deviation.',
      series: 'The series is invalid or too short for the chosen method.',
      parameter: 'Invalid parameter: {{name}}.',
      pairs: 'Invalid onset–report pair: a report cannot come before the onset.',
    },
  },
});
