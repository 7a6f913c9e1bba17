import { defineMessages } from './types.ts';

/** Cases and contact tracing (server side): errors. Screen labels live in `casesWeb`. */
export const cases = defineMessages({
  vi: {
    errors: {
      caseClosed: 'Ca bệnh đã đóng. Ghi kết cục mới (hoặc bỏ kết cục) để mở lại.',
      confirmedByEvidence:
        'Ca bệnh đã được xác định bằng kết quả xét nghiệm; không thể phân loại lại bằng tay.',
      contactNotConfirmed: 'Chỉ theo dõi được người tiếp xúc đã xác nhận.',
      notATracer: 'Người được giao không phải cán bộ truy vết trong địa bàn của bạn.',
    },
  },
  en: {
    errors: {
      caseClosed: 'This case is closed. Record a new outcome (or clear it) to reopen it.',
      confirmedByEvidence: 'This case was confirmed by test results; it cannot be reclassified by hand.',
      contactNotConfirmed: 'Only a confirmed contact can be followed up.',
      notATracer: 'The assignee is not a tracer in your jurisdiction.',
    },
  },
});
