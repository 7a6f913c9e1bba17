import { defineMessages } from './types.ts';

/**
 * What a citizen under F1 follow-up is told on their own status page (#19 item 5): what to do by
 * the order's kind, until when, the exposure (never the case's name), the hotlines, a test booking.
 */
export const citizenGuide = defineMessages({
  vi: {
    title: 'Hướng dẫn cho bạn',
    todo: 'Việc cần làm',
    do: {
      facility_quarantine:
        'Cách ly tập trung tại cơ sở được chỉ định. Ở yên tại nhà, không tiếp xúc với ai cho đến khi trạm y tế xã liên hệ để đưa bạn đến nơi cách ly.',
      home_quarantine:
        'Cách ly tại nhà: ở trong nhà, ở riêng phòng nếu có thể, luôn đeo khẩu trang, không tiếp khách và khai báo sức khỏe hằng ngày.',
      home_isolation:
        'Cách ly tại nhà theo hướng dẫn của trạm y tế xã, đeo khẩu trang và khai báo sức khỏe hằng ngày.',
      monitoring:
        'Tự theo dõi sức khỏe hằng ngày: đo thân nhiệt, đeo khẩu trang, hạn chế tiếp xúc và tránh nơi đông người.',
    },
    untilOrder: 'Đến hết ngày {{date}} (theo lệnh cách ly của UBND xã).',
    untilRule: 'Dự kiến đến hết ngày {{date}}, theo quy định hiện hành; trạm y tế xã sẽ xác nhận.',
    untilUnknown: 'Trạm y tế xã sẽ báo cho bạn ngày kết thúc.',
    source: 'Căn cứ: {{source}}',
    exposureTitle: 'Nơi và thời gian tiếp xúc',
    exposureVenue: 'Tại {{venue}}',
    exposureStay: 'Bạn ở đó từ {{from}} đến {{to}}',
    exposureDate: 'Ngày {{date}}',
    exposureHousehold: 'Tiếp xúc với một người trong hộ gia đình',
    exposureOther: 'Tiếp xúc gần với một người là ca bệnh',
    hotlinesTitle: 'Khi sốt, ho, khó thở hoặc cần tư vấn',
    hotlineAdvice: 'Tư vấn: {{number}}',
    hotlineEmergency: 'Cấp cứu: {{number}}',
    book: 'Đặt lịch xét nghiệm',
  },
  en: {
    title: 'What to do',
    todo: 'What you need to do',
    do: {
      facility_quarantine:
        'Quarantine at a designated facility. Stay at home and away from others until the commune health station contacts you to take you there.',
      home_quarantine:
        'Quarantine at home: stay indoors, in a room of your own if you can, always wear a mask, receive no visitors and fill in your health form every day.',
      home_isolation:
        'Isolate at home as the commune health station instructs, wear a mask and fill in your health form every day.',
      monitoring:
        'Monitor your health every day: check your temperature, wear a mask, limit contact and avoid crowded places.',
    },
    untilOrder: 'Until the end of {{date}} (the commune’s quarantine order).',
    untilRule:
      'Expected until the end of {{date}}, under the rule in force; the commune health station will confirm.',
    untilUnknown: 'The commune health station will tell you when it ends.',
    source: 'Based on: {{source}}',
    exposureTitle: 'Where and when you were exposed',
    exposureVenue: 'At {{venue}}',
    exposureStay: 'You were there from {{from}} to {{to}}',
    exposureDate: 'On {{date}}',
    exposureHousehold: 'Contact with a member of your household',
    exposureOther: 'Close contact with a person who is a case',
    hotlinesTitle: 'If you have a fever, a cough, difficulty breathing or need advice',
    hotlineAdvice: 'Advice: {{number}}',
    hotlineEmergency: 'Emergency: {{number}}',
    book: 'Book a test',
  },
});
