/**
 * Abbreviations, spelling variants and stop words the search understands. Keys are folded tokens
 * (see `normalizeVietnamese`); expansions are written in full Vietnamese so that both the folded and
 * the exact-diacritic forms of a query can be derived from them.
 */

/** Folded token → words it stands for (Vietnamese with diacritics, or English). */
export const EXPANSIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  khcn: 'khoa học công nghệ',
  kh: 'khoa học',
  tcdlcl: 'tiêu chuẩn đo lường chất lượng',
  shtt: 'sở hữu trí tuệ',
  dmst: 'đổi mới sáng tạo',
  tthc: 'thủ tục hành chính',
  dvc: 'dịch vụ công',
  dvcqg: 'dịch vụ công quốc gia',
  tcvn: 'tiêu chuẩn quốc gia',
  qcvn: 'quy chuẩn kỹ thuật quốc gia',
  cbhq: 'công bố hợp quy',
  cbhc: 'công bố hợp chuẩn',
  cds: 'chuyển đổi số',
  cgcn: 'chuyển giao công nghệ',
  dlcn: 'dữ liệu cá nhân',
  sp: 'sản phẩm',
  hh: 'hàng hóa',
  dn: 'doanh nghiệp',
  htx: 'hợp tác xã',
  ubnd: 'ủy ban nhân dân',
  tbt: 'hàng rào kỹ thuật trong thương mại',
  nqi: 'hạ tầng chất lượng quốc gia',
  ip: 'sở hữu trí tuệ intellectual property',
  st: 'science technology',
}));

/** Folded token → the spelling used in the content (qui/quy, chat-speak). */
export const VARIANTS: ReadonlyMap<string, string> = new Map(Object.entries({
  qui: 'quy',
  dc: 'duoc',
  ko: 'khong',
  k: 'khong',
  hok: 'khong',
  kg: 'khong',
  j: 'gi',
  ntn: 'nhu the nao',
  sdt: 'so dien thoai',
  bn: 'bao nhieu',
  startup: 'khoi nghiep startup',
  logo: 'nhan hieu logo',
  patent: 'sang che patent',
}));

/**
 * Question and filler words dropped as single terms (they still form phrase pairs). Words whose folded
 * form collides with a content word are kept: "can" (cần/cân), "cho" (cho/chợ), "ban" (bạn/bán),
 * "bao" (bao/bảo), "de" (để/đề), "tu" (từ/tư), "dau" (đâu/đầu/dấu), "hoi" (hỏi/hội), "do" (đó/đo),
 * "dang" (đang/đăng), "da" (đã/da), "qua" (qua/quả).
 */
export const VIETNAMESE_STOP_WORDS: ReadonlySet<string> = new Set([
  'la', 'gi', 'cua', 'va', 'co', 'khong', 'toi', 'em', 'anh', 'chi', 'a', 'thi', 'nhu', 'the', 'nao', 'duoc',
  'nhung', 'cac', 'voi', 'mot', 'nay', 'o', 'ai', 've', 'khi', 'nhieu', 'lau', 'lam', 'sao', 'minh', 'oi', 'nhe',
  'vay', 'u', 'hay', 'hoac', 'den', 'trong', 'ra', 'vao', 'phai', 'muon', 'biet', 'xin', 'cam', 'on', 'ah', 'nhi',
  'roi', 'thoi', 'nua', 'kia', 'ma', 'neu', 'cung', 'deu', 'chua',
]);

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'is', 'are', 'was', 'be', 'what', 'how', 'do', 'does', 'did', 'i', 'me', 'my', 'we', 'our',
  'you', 'your', 'to', 'of', 'for', 'in', 'on', 'at', 'by', 'with', 'and', 'or', 'can', 'could', 'should', 'must',
  'it', 'its', 'this', 'that', 'there', 'which', 'who', 'where', 'when', 'why', 'much', 'many', 'need', 'want',
  'please', 'about', 'get', 'if', 'any', 'from', 'as', 'so', 'will', 'would', 'have', 'has',
]);
