/**
 * Realistic questions as people type them (with and without diacritics, Telex leftovers, typos,
 * abbreviations), each with the FAQ entries that answer it. Any of `expected` in the top 3 counts.
 */
export interface QualityQuery {
  query: string;
  expected: string[];
  language?: 'vi' | 'en';
}

export const QUALITY_QUERIES: QualityQuery[] = [
  // with diacritics
  { query: 'Công bố hợp quy là gì vậy ạ?', expected: ['tcqc-02'] },
  { query: 'tiêu chuẩn với quy chuẩn khác nhau chỗ nào', expected: ['tcqc-01'] },
  { query: 'Cân điện tử bán rau ngoài chợ có cần kiểm định không', expected: ['do-luong-02'] },
  { query: 'Đăng ký nhãn hiệu ở đâu', expected: ['shtt-01'] },
  { query: 'luật chất lượng sửa đổi có hiệu lực từ ngày nào', expected: ['cl-01'] },
  { query: 'hàng hóa rủi ro cao là những loại nào', expected: ['cl-03'] },
  { query: 'hộ chiếu số của sản phẩm là gì', expected: ['cl-04'] },
  { query: 'Khiếu nại với tố cáo khác nhau thế nào', expected: ['kntc-01'] },
  { query: 'Thời hạn giải quyết tố cáo bao lâu', expected: ['kntc-04'] },
  { query: 'lịch tiếp công dân của Sở', expected: ['kntc-05'] },
  { query: 'Tôi muốn xóa dữ liệu cá nhân', expected: ['cds-03'] },
  { query: 'hợp đồng chuyển giao công nghệ có phải đăng ký không', expected: ['kn-03'] },
  { query: 'bảo hộ kiểu dáng bao bì sản phẩm', expected: ['shtt-04'] },
  { query: 'chỉ dẫn địa lý cho đặc sản nhãn lồng', expected: ['shtt-05'] },
  { query: 'Luật khoa học công nghệ và đổi mới sáng tạo hiệu lực khi nào', expected: ['khcn-01'] },
  { query: 'cây xăng bơm thiếu xăng phản ánh ở đâu', expected: ['do-luong-08'] },
  { query: 'mua phải hàng giả kém chất lượng', expected: ['cl-07'] },
  { query: 'tập huấn ISO 9001 cho xã', expected: ['tthc-07'] },
  { query: 'rút đơn khiếu nại được không', expected: ['kntc-06'] },
  { query: 'đồng hồ nước bao lâu phải kiểm định lại', expected: ['do-luong-04'] },
  { query: 'hàng đóng gói sẵn ghi khối lượng thế nào', expected: ['do-luong-05'] },
  { query: 'bán hàng trên sàn thương mại điện tử phải làm gì về chất lượng', expected: ['cl-06'] },
  { query: 'Đề xuất đề tài khoa học cấp tỉnh', expected: ['khcn-04'] },
  { query: 'gửi mẫu kiểm nghiệm ở phòng thí nghiệm của sở', expected: ['ttud-01'] },
  // without diacritics
  { query: 'cong bo hop quy', expected: ['tcqc-02', 'tcqc-04'] },
  { query: 'ho so cong bo hop quy nop o dau', expected: ['tcqc-04'] },
  { query: 'dang ky nhan hieu mat bao lau', expected: ['shtt-02'] },
  { query: 'kiem dinh va hieu chuan khac nhau the nao', expected: ['do-luong-03'] },
  { query: 'phuong tien do nhom 2 la gi', expected: ['do-luong-01'] },
  { query: 'thoi hieu khieu nai bao nhieu ngay', expected: ['kntc-02'] },
  { query: 'khieu nai bao lau thi duoc giai quyet', expected: ['kntc-03'] },
  { query: 'nop ho so truc tuyen nhu the nao', expected: ['tthc-02'] },
  { query: 'tra cuu ho so dang xu ly den dau', expected: ['tthc-03'] },
  { query: 'truy xuat nguon goc bat buoc voi hang nao', expected: ['cl-05'] },
  { query: 'sang che la gi dang ky bao ho the nao', expected: ['shtt-03'] },
  { query: 'quyen tac gia co phai dang ky khong', expected: ['shtt-07'] },
  { query: 'khoi nghiep duoc ho tro gi', expected: ['kn-01'] },
  { query: 'song dien thoai yeu mat mang phan anh o dau', expected: ['cds-05'] },
  { query: 'buu pham bi that lac khieu nai o dau', expected: ['cds-07'] },
  { query: 'ma so ma vach dang ky the nao', expected: ['ttud-05'] },
  { query: 'hieu chuan thiet bi do o dau', expected: ['ttud-03'] },
  { query: 'luat tieu chuan quy chuan sua doi 2025 co gi moi', expected: ['tcqc-07'] },
  { query: 'tu 1/1/2026 quan ly chat luong thay doi gi', expected: ['cl-02'] },
  { query: 'cong nghe chien luoc la gi', expected: ['kn-08'] },
  // typos and Telex leftovers
  { query: 'dangw kys nhanx hieeuj', expected: ['shtt-01', 'shtt-02'] },
  { query: 'kiem dihn can cho', expected: ['do-luong-02'] },
  { query: 'cong bo hopj quy', expected: ['tcqc-02', 'tcqc-04'] },
  { query: 'thoi han giai quyet to caoo', expected: ['kntc-04'] },
  { query: 'chi dan dia lyy dac san', expected: ['shtt-05'] },
  // abbreviations
  { query: 'TCVN va QCVN khac gi nhau', expected: ['tcqc-01'] },
  { query: 'cbhq la gi', expected: ['tcqc-02'] },
  { query: 'TTHC nop truc tuyen', expected: ['tthc-02'] },
  { query: 'luat KH&CN moi hieu luc', expected: ['khcn-01'] },
  { query: 'phí công bố hợp qui', expected: ['tcqc-09'] },
  { query: 'SHTT: tra cứu nhãn hiệu trùng', expected: ['shtt-08'] },
  { query: 'DVC tra cuu thu tuc cua so', expected: ['tthc-01'] },
  // figures people ask for, typed the way they type
  { query: 'nhan hieu duoc bao ho bao nhieu nam', expected: ['shtt-02'] },
  { query: 'tham dinh don nhan hieu mat may thang', expected: ['shtt-02'] },
  { query: 'bang sang che co hieu luc bao lau', expected: ['shtt-03'] },
  { query: 'kieu dang cong nghiep bao ho may nam', expected: ['shtt-04'] },
  { query: 'chu ky kiem dinh taximet', expected: ['do-luong-04'] },
  { query: 'buu pham bi that lac khieu nai trong bao lau', expected: ['cds-07'] },
  { query: 'khieu nai quyet dinh cua so gui ai', expected: ['kntc-10'] },
  { query: 'khieu nai lan hai gui ai', expected: ['kntc-10', 'kntc-07'] },
  { query: 'dieu kien tham du giai thuong chat luong quoc gia', expected: ['cl-09'] },
  { query: 'nop ho so giay o trung tam phuc vu hanh chinh cong', expected: ['tthc-09'] },
  { query: 'how long does a trademark registration take', expected: ['shtt-02'], language: 'en' },
  // English
  { query: 'where do I register a trademark', expected: ['shtt-01'], language: 'en' },
  { query: 'complaint deadline', expected: ['kntc-02'], language: 'en' },
  { query: 'difference between verification and calibration', expected: ['do-luong-03'], language: 'en' },
];
