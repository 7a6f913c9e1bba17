import { defineMessages } from './types.ts';

/** FHIR R4 API and webhooks (issue #17 items 4–6): OperationOutcome texts and the webhook pages. */
export const fhir = defineMessages({
  vi: {
    errors: {
      schema: 'Tài nguyên không đúng lược đồ FHIR R4: {{problem}}',
      notTransaction: 'Chỉ nhận Bundle loại transaction',
      unsupportedEntry:
        'Loại tài nguyên này không nhận trong giao dịch (chỉ Patient, Specimen, Observation, Immunization)',
      unknownTest: 'Mã xét nghiệm không được hỗ trợ (LOINC 94500-6 hoặc 94558-4)',
      unknownOutcome: 'Kết quả không được hỗ trợ (SNOMED 10828004, 260385009 hoặc 455371000124106)',
      subjectNotFound: 'Không tìm thấy người được xét nghiệm trong phạm vi của khóa',
      noTestSite: 'Tổ chức sở hữu khóa API chưa có điểm xét nghiệm đang hoạt động',
      noOwner: 'Khóa API chưa gắn với tổ chức nào',
      missingDate: 'Thiếu thời điểm lấy mẫu (effectiveDateTime)',
      unknownType: 'Loại tài nguyên không được hỗ trợ',
      unknownVaccine:
        'Mã vắc xin không được hỗ trợ (mã danh mục vắc xin của EpiLink, mã sản phẩm EU hoặc CVX 207, 208, 210, 212, 505, 510)',
      badOccurrence: 'Ngày tiêm (occurrenceDateTime) thiếu, không đủ ngày tháng năm hoặc sau hôm nay',
      missingLot: 'Thiếu số lô vắc xin (lotNumber)',
      unknownLot: 'Không có lô vắc xin này cho sản phẩm đã nêu',
      notCompleted: 'Chỉ nhận mũi tiêm đã tiêm xong (status = completed)',
      webhookUrl:
        'Địa chỉ nhận phải là https tới một máy chủ công khai (máy cục bộ hay mạng nội bộ chỉ khi được cấu hình cho phép)',
    },
    webhooks: {
      title: 'Webhook',
      intro: 'Hệ thống khác nhận sự kiện (ca mới, kết quả, mũi tiêm, thay đổi cấp độ) có chữ ký HMAC.',
      subscriptions: 'Đăng ký nhận',
      deliveries: 'Nhật ký gửi',
      name: 'Tên',
      url: 'Địa chỉ nhận',
      topics: 'Chủ đề',
      status: 'Trạng thái',
      active: 'Đang hoạt động',
      disabled: 'Đã tắt sau nhiều lần lỗi',
      attempts: 'Số lần thử',
      lastStatus: 'Mã trả về gần nhất',
      lastError: 'Lỗi gần nhất',
      none: 'Chưa có đăng ký nào',
      noDeliveries: 'Chưa gửi sự kiện nào',
      pending: 'Chờ gửi',
      delivered: 'Đã gửi',
      failed: 'Thất bại',
      disabledNotice:
        'EpiLink: webhook "{{name}}" đã bị tắt sau {{count}} lần gửi lỗi liên tiếp. Kiểm tra địa chỉ nhận rồi bật lại.',
    },
  },
  en: {
    errors: {
      schema: 'The resource does not match the FHIR R4 schema: {{problem}}',
      notTransaction: 'Only a Bundle of type transaction is accepted',
      unsupportedEntry:
        'This resource type is not accepted in a transaction (Patient, Specimen, Observation, Immunization only)',
      unknownTest: 'Unsupported test code (LOINC 94500-6 or 94558-4)',
      unknownOutcome: 'Unsupported result (SNOMED 10828004, 260385009 or 455371000124106)',
      subjectNotFound: 'The tested person was not found inside the key’s jurisdiction',
      noTestSite: 'The organisation owning the API key has no active test site',
      noOwner: 'The API key is not attached to an organisation',
      missingDate: 'The specimen collection time (effectiveDateTime) is missing',
      unknownType: 'Unsupported resource type',
      unknownVaccine:
        'Unsupported vaccine code (an EpiLink vaccine catalogue code, an EU product number or CVX 207, 208, 210, 212, 505, 510)',
      badOccurrence: 'The vaccination date (occurrenceDateTime) is missing, not a full date or after today',
      missingLot: 'The vaccine lot number (lotNumber) is missing',
      unknownLot: 'There is no such vaccine lot for the given product',
      notCompleted: 'Only doses given are accepted (status = completed)',
      webhookUrl:
        'The receiving address must be https to a public host (this machine or a private network only where the configuration allows it)',
    },
    webhooks: {
      title: 'Webhooks',
      intro: 'Other systems receive events (new case, result, dose, level change) signed with HMAC.',
      subscriptions: 'Subscriptions',
      deliveries: 'Delivery log',
      name: 'Name',
      url: 'Receiving address',
      topics: 'Topics',
      status: 'Status',
      active: 'Active',
      disabled: 'Disabled after repeated failures',
      attempts: 'Attempts',
      lastStatus: 'Last status',
      lastError: 'Last error',
      none: 'No subscriptions yet',
      noDeliveries: 'No events sent yet',
      pending: 'Pending',
      delivered: 'Delivered',
      failed: 'Failed',
      disabledNotice:
        'EpiLink: webhook "{{name}}" was disabled after {{count}} failed deliveries in a row. Check the receiving address, then enable it again.',
    },
  },
});
