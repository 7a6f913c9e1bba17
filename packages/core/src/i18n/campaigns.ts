import { defineMessages } from './types.ts';

/** Community testing campaigns (issue #16 item 7): progress by hamlet, SMS invitations. */
export const campaigns = defineMessages({
  vi: {
    sms: {
      invitation:
        'EpiLink: Mời bạn đến xét nghiệm ({{zone}}) tại {{site}} từ {{from}} đến {{to}}. Mang theo CCCD. Xin cảm ơn.',
    },
    hamlets: 'Tiến độ theo ấp/khu phố',
    hamlet: 'Ấp/khu phố',
    noHamlet: 'Địa chỉ không ghi ấp/khu phố',
    commune: 'Xã/phường',
    members: 'Số người',
    tested: 'Đã xét nghiệm',
    positives: 'Dương tính',
    invite: 'Nhắn tin mời người chưa xét nghiệm',
    inviteHamlet: 'Nhắn tin mời người chưa xét nghiệm của {{hamlet}}',
    smsButton: 'Nhắn tin mời',
    draw: {
      map: 'Bản đồ vẽ vùng: bấm để thêm từng điểm của đa giác',
      count_one: 'Đã chọn {{count}} điểm.',
      count_other: 'Đã chọn {{count}} điểm.',
      close: 'Khép đa giác',
      undo: 'Bỏ điểm cuối',
      clear: 'Xoá hết',
    },
    invited: 'Đã xếp hàng {{invited}} tin nhắn mời; {{withoutPhone}} người không có số điện thoại.',
  },
  en: {
    sms: {
      invitation:
        'EpiLink: You are invited to a test ({{zone}}) at {{site}} from {{from}} to {{to}}. Bring your ID card. Thank you.',
    },
    hamlets: 'Progress by hamlet',
    hamlet: 'Hamlet',
    noHamlet: 'Address names no hamlet',
    commune: 'Commune',
    members: 'People',
    tested: 'Tested',
    positives: 'Positive',
    invite: 'Text an invitation to those not yet tested',
    inviteHamlet: 'Text an invitation to those of {{hamlet}} not yet tested',
    smsButton: 'Text invitation',
    draw: {
      map: 'Drawing map: click to add each point of the polygon',
      count_one: '{{count}} point chosen.',
      count_other: '{{count}} points chosen.',
      close: 'Close the polygon',
      undo: 'Remove the last point',
      clear: 'Clear',
    },
    invited: '{{invited}} invitations queued; {{withoutPhone}} people have no phone number.',
  },
});
