import { defineMessages } from './types.ts';

/** Messages of vaccination, certificates and the verifier (server errors, reasons, web labels). */
export const vaccination = defineMessages({
  vi: {
    errors: {
      doseRefused: 'Không thể ghi nhận mũi tiêm: {{reason}}',
      lotUnusable: 'Lô vắc xin không dùng được: {{reason}}',
      outOfStock: 'Điểm tiêm đã hết vắc xin của lô này.',
      screeningFailed: 'Kết quả khám sàng lọc: {{outcome}} — chưa tiêm.',
      signingNotConfigured: 'Chưa cấu hình khóa ký chứng nhận (CERT_KEY_SECRET).',
    },
    refusal: {
      tooEarly: 'chưa đủ khoảng cách tối thiểu, sớm nhất ngày {{earliest}}',
      scheduleComplete: 'đã tiêm đủ lịch',
      tooYoung: 'chưa đủ tuổi tiêm loại vắc xin này (từ {{minAgeYears}} tuổi)',
      beforePreviousDose: 'ngày tiêm trước mũi đã ghi nhận',
      unknownProduct: 'loại vắc xin không có trong danh mục',
      notInSession: 'loại vắc xin không thuộc buổi tiêm',
      sessionClosed: 'buổi tiêm đã đóng',
    },
    lot: {
      expired: 'lô đã hết hạn ({{expiry}})',
      recalled: 'lô đã bị thu hồi',
      wrongProduct: 'lô không thuộc loại vắc xin đã chọn',
    },
    outcome: {
      vaccinate: 'Đủ điều kiện tiêm',
      monitor: 'Tiêm, theo dõi thêm',
      defer: 'Tạm hoãn',
      refer: 'Chuyển tiêm tại bệnh viện',
      contraindicated: 'Chống chỉ định',
    },
    dcc: {
      valid: 'Chứng nhận hợp lệ',
      invalid: {
        prefix: 'Không phải mã chứng nhận HC1',
        base45: 'Mã QR bị hỏng (Base45)',
        decompress: 'Mã QR bị hỏng (nén)',
        cose: 'Cấu trúc chữ ký không hợp lệ',
        kid: 'Cơ quan ký không có trong danh sách tin cậy',
        signature: 'Chữ ký không hợp lệ',
        cbor: 'Nội dung chứng nhận không đọc được',
        schema: 'Nội dung không đúng định dạng DCC',
        expired: 'Chứng nhận đã hết hạn',
        notYetValid: 'Chứng nhận chưa có hiệu lực',
        keyUsage: 'Cơ quan ký không được phép ký loại chứng nhận này',
        revoked: 'Chứng nhận đã bị thu hồi',
      },
    },
  },
  en: {
    errors: {
      doseRefused: 'The dose cannot be recorded: {{reason}}',
      lotUnusable: 'This vaccine lot cannot be used: {{reason}}',
      outOfStock: 'The site has no doses of this lot left.',
      screeningFailed: 'Screening result: {{outcome}} — not vaccinated.',
      signingNotConfigured: 'The certificate signing key secret (CERT_KEY_SECRET) is not configured.',
    },
    refusal: {
      tooEarly: 'the minimum interval has not passed; earliest {{earliest}}',
      scheduleComplete: 'the schedule is already complete',
      tooYoung: 'too young for this vaccine (from {{minAgeYears}} years)',
      beforePreviousDose: 'the date is before a dose already recorded',
      unknownProduct: 'the vaccine is not in the catalogue',
      notInSession: 'the vaccine is not offered in this session',
      sessionClosed: 'the session is closed',
    },
    lot: {
      expired: 'the lot expired ({{expiry}})',
      recalled: 'the lot was recalled',
      wrongProduct: 'the lot is not of the chosen vaccine',
    },
    outcome: {
      vaccinate: 'Eligible',
      monitor: 'Vaccinate, monitor closely',
      defer: 'Deferred',
      refer: 'Refer to a hospital',
      contraindicated: 'Contraindicated',
    },
    dcc: {
      valid: 'Valid certificate',
      invalid: {
        prefix: 'Not an HC1 certificate code',
        base45: 'Damaged QR code (Base45)',
        decompress: 'Damaged QR code (compression)',
        cose: 'Invalid signature structure',
        kid: 'The signer is not in the trust list',
        signature: 'Invalid signature',
        cbor: 'The certificate content cannot be read',
        schema: 'The content does not match the DCC format',
        expired: 'The certificate has expired',
        notYetValid: 'The certificate is not valid yet',
        keyUsage: 'The signer may not sign this type of certificate',
        revoked: 'The certificate has been revoked',
      },
    },
  },
});
