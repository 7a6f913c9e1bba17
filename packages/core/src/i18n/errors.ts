import { defineMessages } from './types.ts';

export const errors = defineMessages({
  vi: {
    validationFailed: 'Dữ liệu không hợp lệ.',
    malformedRequest: 'Yêu cầu không đúng định dạng.',
    payloadTooLarge: 'Dữ liệu gửi lên quá lớn (tối đa {{limit}}).',
    unauthenticated: 'Vui lòng đăng nhập.',
    signInFailed:
      'Sai tên đăng nhập hoặc mật khẩu, hoặc đã thử sai quá nhiều lần từ nơi này (hãy đợi 15 phút rồi thử lại).',
    signInThrottled:
      'Tên đăng nhập này đã bị nhập sai mật khẩu quá nhiều lần nên tạm khóa: hãy thử lại sau {{minutes}} phút (đăng nhập từ máy đã dùng trước đây vẫn được).',
    forbidden: 'Bạn không có quyền thực hiện thao tác này.',
    enrolmentCodeRequired:
      'Cần mã kích hoạt xác thực hai lớp do quản trị viên cấp (hoặc mã đã hết hạn, sai): hãy nhập mã, hoặc mở liên kết kích hoạt.',
    notFound: 'Không tìm thấy.',
    conflict: 'Dữ liệu đã thay đổi hoặc bị trùng.',
    unknownCode: 'Mã không tồn tại: {{code}}.',
    referenceNotFound: 'Dữ liệu tham chiếu đến một hồ sơ không tồn tại.',
    constraintViolation:
      'Dữ liệu vi phạm một quy tắc của hệ thống (thiếu giá trị bắt buộc hoặc giá trị ngoài phạm vi).',
    invalidIdNumber: 'Số giấy tờ tùy thân không hợp lệ.',
    invalidPhone: 'Số điện thoại không hợp lệ.',
    alreadyMerged: 'Hồ sơ này đã được gộp vào hồ sơ khác.',
    rateLimited: 'Quá nhiều yêu cầu, vui lòng thử lại sau.',
    unavailable: 'Hệ thống tạm thời không phục vụ được, vui lòng thử lại.',
    internal: 'Đã xảy ra lỗi hệ thống.',
    field: {
      required: 'Bắt buộc nhập.',
      invalidType: 'Sai kiểu dữ liệu.',
      tooLong: 'Quá dài (tối đa {{max}} ký tự).',
      tooShort: 'Quá ngắn (tối thiểu {{min}}).',
      tooBig: 'Quá lớn (tối đa {{max}}).',
      tooSmall: 'Quá nhỏ (tối thiểu {{min}}).',
      invalidFormat: 'Sai định dạng.',
      invalidValue: 'Giá trị không hợp lệ.',
      unknownField: 'Trường không được phép: {{keys}}.',
      invalidDate: 'Ngày không hợp lệ.',
      dateInFuture: 'Ngày không được sau hôm nay.',
      beforeOnset: 'Ngày kết thúc không được trước ngày khởi phát.',
      invalidCharacters: 'Chứa ký tự không hợp lệ (ký tự rỗng hoặc mã Unicode lỗi).',
      commonPassword:
        'Mật khẩu này nằm trong danh sách mật khẩu phổ biến nhất, rất dễ bị đoán. Hãy chọn mật khẩu khác.',
    },
  },
  en: {
    validationFailed: 'The data is not valid.',
    malformedRequest: 'The request is malformed.',
    payloadTooLarge: 'The payload is too large (limit {{limit}}).',
    unauthenticated: 'Please sign in.',
    signInFailed:
      'Wrong username or password, or too many failed attempts from here (wait 15 minutes, then try again).',
    signInThrottled:
      'Too many wrong passwords for this username: sign-in under it is paused, try again in {{minutes}} minutes (from a computer you signed in from before, you still can).',
    forbidden: 'You are not allowed to do this.',
    enrolmentCodeRequired:
      'Binding an authenticator needs the enrolment code your administrator gave you (or the code is wrong or expired): type it, or open the enrolment link.',
    notFound: 'Not found.',
    conflict: 'The data changed meanwhile or is a duplicate.',
    unknownCode: 'Unknown code: {{code}}.',
    referenceNotFound: 'The data refers to a record that does not exist.',
    constraintViolation:
      'The data breaks a rule of the system (a required value is missing or out of range).',
    invalidIdNumber: 'Invalid identity document number.',
    invalidPhone: 'Invalid phone number.',
    alreadyMerged: 'This record has already been merged into another one.',
    rateLimited: 'Too many requests, please try again later.',
    unavailable: 'The service is temporarily unavailable, please try again.',
    internal: 'An internal error occurred.',
    field: {
      required: 'Required.',
      invalidType: 'Wrong type.',
      tooLong: 'Too long (at most {{max}} characters).',
      tooShort: 'Too short (at least {{min}}).',
      tooBig: 'Too large (at most {{max}}).',
      tooSmall: 'Too small (at least {{min}}).',
      invalidFormat: 'Invalid format.',
      invalidValue: 'Invalid value.',
      unknownField: 'Field not allowed: {{keys}}.',
      invalidDate: 'Invalid date.',
      dateInFuture: 'The date cannot be after today.',
      beforeOnset: 'The outcome date cannot be before the onset date.',
      invalidCharacters: 'Contains characters that are not allowed (a NUL character or broken Unicode).',
      commonPassword: 'This password is one of the most common ones and easily guessed. Choose another.',
    },
  },
});
