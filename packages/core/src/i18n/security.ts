import { defineMessages } from './types.ts';

/** Messages of sign-in, two-factor, citizen login, notifications, administration and audit. */
export const security = defineMessages({
  vi: {
    sms: {
      otp: 'EpiLink: ma dang nhap cua ban la {{code}} (hieu luc {{minutes}} phut). Khong chia se ma nay.',
    },
    email: {
      totpReset: {
        subject: 'EpiLink: xác thực hai lớp đã được đặt lại',
        body: 'Quản trị viên đã đặt lại xác thực hai lớp của tài khoản bạn. Lần đăng nhập tới, bạn sẽ đăng ký lại ứng dụng xác thực. Nếu bạn không yêu cầu việc này, hãy báo ngay cho cán bộ an ninh thông tin.',
      },
      passwordReset: {
        subject: 'EpiLink: mật khẩu đã được đặt lại',
        body: 'Quản trị viên đã đặt mật khẩu mới cho tài khoản của bạn và kết thúc mọi phiên đăng nhập. Nếu bạn không yêu cầu việc này, hãy báo ngay cho cán bộ an ninh thông tin.',
      },
    },
  },
  en: {
    sms: {
      otp: 'EpiLink: your sign-in code is {{code}} (valid {{minutes}} min). Do not share this code.',
    },
    email: {
      totpReset: {
        subject: 'EpiLink: two-factor sign-in was reset',
        body: 'An administrator reset two-factor sign-in for your account. At your next sign-in you will enrol your authenticator app again. If you did not ask for this, tell the security officer at once.',
      },
      passwordReset: {
        subject: 'EpiLink: your password was reset',
        body: 'An administrator set a new password for your account and ended all its sessions. If you did not ask for this, tell the security officer at once.',
      },
    },
  },
});
