import type { OutboundMessage } from '../../channels/types.js';
import type { Language } from '../../domain/vocabulary.js';
import { MENU_PAYLOAD } from '../../bot/runtime.js';
import { hasPhrase, t } from '../../i18n.js';

/** What the person reads when an officer takes over their conversation. */
export function takeoverStartMessage(language: Language, staffName: string): OutboundMessage {
  return {
    text:
      language === 'en'
        ? `${staffName}, an officer of the Department of Science and Technology, is now chatting with you directly. Please write as usual.`
        : `Cán bộ ${staffName} của Sở Khoa học và Công nghệ đang trực tiếp trò chuyện với Quý ông/bà. Mời Quý ông/bà nhắn tin như bình thường.`,
  };
}

/** What the person reads when the conversation returns to the bot. */
export function takeoverEndMessage(language: Language): OutboundMessage {
  const menu = hasPhrase(language, 'common:menu_button') ? t(language, 'common:menu_button') : language === 'en' ? 'Main menu' : 'Menu chính';
  return {
    text:
      language === 'en'
        ? "The officer has ended the live conversation. The Department's automatic assistant is with you again; choose the main menu to see what it can do."
        : 'Cán bộ đã kết thúc cuộc trò chuyện trực tiếp. Trợ lý tự động của Sở tiếp tục hỗ trợ Quý ông/bà; mời chọn Menu chính để xem các mục.',
    quickReplies: [{ title: menu, payload: MENU_PAYLOAD }],
  };
}
