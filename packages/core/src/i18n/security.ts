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
    web: {
      twoFactor: {
        title: 'Xác thực hai lớp',
        enrolIntro:
          'Tài khoản của bạn bắt buộc xác thực hai lớp. Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), rồi nhập mã 6 số hiển thị.',
        qrAlt: 'Mã QR để đăng ký ứng dụng xác thực',
        secretLabel: 'Hoặc nhập khóa thủ công',
        verifyIntro: 'Nhập mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục.',
        code: 'Mã xác thực',
        submit: 'Xác nhận',
        recoveryTitle: 'Mã khôi phục',
        recoveryIntro:
          'Lưu các mã này ở nơi an toàn. Mỗi mã dùng được một lần khi bạn không có ứng dụng xác thực. Chúng chỉ hiện một lần.',
        continue: 'Tôi đã lưu mã, tiếp tục',
        badCode: 'Mã không đúng hoặc đã được dùng.',
        cancel: 'Hủy đăng nhập',
      },
      citizen: {
        title: 'Sổ sức khỏe của tôi',
        loginTitle: 'Đăng nhập cho người dân',
        loginIntro: 'Nhập số điện thoại bạn đã khai báo. Chúng tôi gửi một mã đăng nhập qua tin nhắn.',
        phone: 'Số điện thoại',
        sendCode: 'Gửi mã',
        codeSent: 'Nếu số điện thoại đã được đăng ký, mã đăng nhập vừa được gửi qua tin nhắn.',
        code: 'Mã đăng nhập',
        signIn: 'Đăng nhập',
        badCode: 'Mã không đúng hoặc đã hết hạn.',
        signOut: 'Đăng xuất',
        self: 'Bản thân',
        ward: 'Người được giám hộ',
        dateOfBirth: 'Ngày sinh',
        idNumber: 'Số giấy tờ',
        address: 'Địa chỉ',
        place: 'Xã / huyện',
        none: 'Chưa có hồ sơ.',
        demoInbox: 'Chế độ dữ liệu mẫu: xem tin nhắn đã gửi tại Hộp thư mẫu.',
      },
      demoInbox: {
        title: 'Hộp thư mẫu',
        intro:
          'Chế độ dữ liệu mẫu: không tin nhắn nào thật sự được gửi ra ngoài. Đây là những tin nhắn SMS và thư điện tử hệ thống đã "gửi".',
        empty: 'Chưa có tin nhắn nào.',
        to: 'Người nhận',
        at: 'Thời điểm',
        channel: 'Kênh',
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
    web: {
      twoFactor: {
        title: 'Two-factor sign-in',
        enrolIntro:
          'Your account requires two-factor sign-in. Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator…), then type the 6-digit code it shows.',
        qrAlt: 'QR code to enrol an authenticator app',
        secretLabel: 'Or type the key by hand',
        verifyIntro: 'Type the 6-digit code from your authenticator app, or a recovery code.',
        code: 'Authentication code',
        submit: 'Confirm',
        recoveryTitle: 'Recovery codes',
        recoveryIntro:
          'Keep these codes somewhere safe. Each works once when you do not have your authenticator app. They are shown only now.',
        continue: 'I have saved them, continue',
        badCode: 'The code is wrong or was already used.',
        cancel: 'Cancel sign-in',
      },
      citizen: {
        title: 'My health book',
        loginTitle: 'Citizen sign-in',
        loginIntro: 'Type the phone number you declared. We send a sign-in code by text message.',
        phone: 'Phone number',
        sendCode: 'Send code',
        codeSent: 'If the number is registered, a sign-in code has just been sent by text message.',
        code: 'Sign-in code',
        signIn: 'Sign in',
        badCode: 'The code is wrong or has expired.',
        signOut: 'Sign out',
        self: 'Myself',
        ward: 'In my care',
        dateOfBirth: 'Date of birth',
        idNumber: 'ID number',
        address: 'Address',
        place: 'Commune / district',
        none: 'No records yet.',
        demoInbox: 'Demo mode: see the messages sent in the Demo inbox.',
      },
      demoInbox: {
        title: 'Demo inbox',
        intro:
          'Demo mode: no message really leaves this machine. These are the SMS and e-mails the system "sent".',
        empty: 'No messages yet.',
        to: 'To',
        at: 'At',
        channel: 'Channel',
      },
    },
  },
});
