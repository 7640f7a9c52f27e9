#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/text.h"

#define S(lit) lit, sizeof(lit) - 1

static void slug_is(const char *in, const char *exp)
{
    buf b = BUF_INIT;
    text_slugify(in, strlen(in), &b);
    if (!t_check(strcmp(b.data, exp) == 0, __FILE__, __LINE__, "slug"))
        fprintf(stderr, "    in: [%s]\n    got: [%s]\n    expected: [%s]\n", in, b.data, exp);
    buf_release(&b);
}

static void test_utf8(void)
{
    size_t bad = 99;
    CHECK(text_utf8_check(S("Quyền con người"), &bad));
    CHECK(text_utf8_check("", 0, &bad));
    CHECK(!text_utf8_check(S("ab\xC3(x"), &bad));
    CHECK_INT(bad, 2);
    CHECK(!text_utf8_check(S("ok \xC0\xAF"), &bad));       /* overlong '/' */
    CHECK_INT(bad, 3);
    CHECK(!text_utf8_check(S("\xED\xA0\x80"), &bad));      /* surrogate */
    CHECK_INT(bad, 0);
    CHECK(!text_utf8_check(S("x\xF4\x90\x80\x80"), &bad)); /* > U+10FFFF */
    CHECK_INT(bad, 1);
    CHECK(!text_utf8_check(S("ế\xE1\xBA"), &bad));         /* truncated at end */
    CHECK_INT(bad, 3);
    CHECK(text_utf8_check(S("\xF0\x9F\x98\x80"), NULL));   /* emoji */
}

static void test_line_col(void)
{
    const char *s = "một\nhai ba\nbốn";
    unsigned line, col;
    text_line_col(s, strlen(s), 0, &line, &col);
    CHECK_INT(line, 1); CHECK_INT(col, 1);
    /* Line 2 starts after "một\n" (6 bytes); "ba" is at byte 10. */
    text_line_col(s, strlen(s), 10, &line, &col);
    CHECK_INT(line, 2); CHECK_INT(col, 5);
    /* "n" of "bốn": line 3 starts at byte 13; "bố" is 1 + 3 bytes. */
    text_line_col(s, strlen(s), 17, &line, &col);
    CHECK_INT(line, 3); CHECK_INT(col, 3);
    text_line_col(s, strlen(s), strlen(s), &line, &col);
    CHECK_INT(line, 3); CHECK_INT(col, 4);
    CHECK_INT(text_char_count(S("Đắk Lắk")), 7);
}

static void test_nfc(void)
{
    buf b = BUF_INIT;
    CHECK_INT(text_nfc(S("plain ascii"), &b), 1);
    CHECK_INT(b.len, 0);
    CHECK_INT(text_nfc(S("Quyền con người, Đắk Lắk, tiếng Việt"), &b), 1);
    CHECK_INT(b.len, 0);
    /* "tiếng" pasted from Word: e + circumflex + acute. */
    CHECK_INT(text_nfc(S("tie\xCC\x82\xCC\x81ng"), &b), 0);
    CHECK_STR(b.data, "tiếng");
    buf_clear(&b);
    /* Marks in the other order still compose to the same letter. */
    CHECK_INT(text_nfc(S("e\xCC\x81\xCC\x82"), &b), 0);
    CHECK(b.len > 0);
    buf_clear(&b);
    /* Singletons are replaced: OHM SIGN -> GREEK CAPITAL OMEGA. */
    CHECK_INT(text_nfc(S("\xE2\x84\xA6"), &b), 0);
    CHECK_STR(b.data, "\xCE\xA9");
    buf_clear(&b);
    /* Combining marks that do not compose (Khmer, Thai) are NFC. */
    CHECK_INT(text_nfc(S("ភាសាខ្មែរ ภาษาไทย"), &b), 1);
    CHECK_INT(text_nfc(S("한국어"), &b), 1);
    CHECK_INT(text_nfc(S("\xE1\x84\x92\xE1\x85\xA1"), &b), 0);   /* jamo -> 하 */
    CHECK_STR(b.data, "하");
    buf_clear(&b);
    CHECK_INT(text_nfc(S("bad \xFF"), &b), -1);
    CHECK_INT(b.len, 0);
    buf_release(&b);

    CHECK_INT(text_nfc_first_bad_line(S("a\nQuyền\n")), 0);
    CHECK_INT(text_nfc_first_bad_line(S("a\nb\nQuye\xCC\x80n\nx")), 3);
    CHECK_INT(text_nfc_first_bad_line(S("")), 0);
}

static void test_slug(void)
{
    slug_is("Quyền con người", "quyen-con-nguoi");
    slug_is("Đắk Lắk", "dak-lak");
    slug_is("Bà Rịa – Vũng Tàu", "ba-ria-vung-tau");
    slug_is("Quye\xCC\x82\xCC\x80n con ngu\xCC\x9Bo\xCC\x9B\xCC\x80i", "quyen-con-nguoi");
    slug_is("  --Hello,   World!-- ", "hello-world");
    slug_is("Don't panic", "dont-panic");
    slug_is("Nature’s way", "natures-way");
    slug_is("Straße Æsir Øl łódź", "strasse-aesir-ol-lodz");
    slug_is("ＦＵＬＬ１２", "full12");
    slug_is("Chapter 2²", "chapter-22");
    slug_is("中文 标题", "中文-标题");
    slug_is("ភាសាខ្មែរ", "ភាសាខ្មែរ");
    slug_is("Ελληνικά Γράμματα", "ελληνικά-γράμματα");
    slug_is("Tin tức 中国", "tin-tuc-中国");
    slug_is("", "page");
    slug_is("!!! ???", "page");
    slug_is("C++ & C#", "c-c");

    buf b = BUF_INIT;
    CHECK_INT(text_slugify_or(S("—"), "section", &b), 0);
    CHECK_STR(b.data, "section");
    buf_clear(&b);
    buf_puts(&b, "x/");   /* appends */
    CHECK_INT(text_slugify_or(S("Ổn"), "section", &b), 1);
    CHECK_STR(b.data, "x/on");
    buf_clear(&b);
    const char *longtitle = "Một tiêu đề rất dài được viết ra để kiểm tra việc cắt ngắn đường dẫn "
                            "khi tiêu đề vượt quá giới hạn cho phép của loa";
    text_slugify(longtitle, strlen(longtitle), &b);
    CHECK(b.len <= TEXT_SLUG_MAX);
    CHECK(b.len > TEXT_SLUG_MAX / 2);
    CHECK(b.data[b.len - 1] != '-');
    buf_clear(&b);
    text_slugify(S("中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中"), &b);
    CHECK(b.len <= TEXT_SLUG_MAX);
    CHECK_INT(b.len % 3, 0);   /* never cut inside a character */
    buf_release(&b);
}

static void test_url(void)
{
    buf b = BUF_INIT;
    text_url_escape(S("/vi/tin-tức/?q=a b&x=1#top"), &b);
    CHECK_STR(b.data, "/vi/tin-t%E1%BB%A9c/?q=a%20b&x=1#top");
    buf_clear(&b);
    text_url_escape(S("/a%20b/<\"x\">"), &b);
    CHECK_STR(b.data, "/a%20b/%3C%22x%22%3E");
    buf_clear(&b);
    text_url_escape(S("/中文-标题/"), &b);
    CHECK_STR(b.data, "/%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98/");
    buf_release(&b);
}

static void test_words(void)
{
    CHECK_INT(text_word_count(S("")), 0);
    CHECK_INT(text_word_count(S("one two  three")), 3);
    CHECK_INT(text_word_count(S("Quyền con người là quyền tự nhiên.")), 7);
    CHECK_INT(text_word_count(S("Quye\xCC\x82\xCC\x80n con")), 2);   /* decomposed */
    CHECK_INT(text_word_count(S("don't stop — 2024, ok?")), 4);
    CHECK_INT(text_word_count(S("我爱北京")), 4);
    CHECK_INT(text_word_count(S("loa 是一个 generator")), 5);
    CHECK_INT(text_word_count(S("...  --- !!!")), 0);
    CHECK_INT(text_word_count(S("Đắk Lắk\nBà Rịa")), 4);
    /* eight ASCII bytes at a time: words across the eight-byte steps, the
     * apostrophe and non-ASCII steps taken a byte at a time */
    CHECK_INT(text_word_count(S("abcdefghijklmnopqrstuvwxyz0123456789")), 1);
    CHECK_INT(text_word_count(S("a b c d e f g h i j k l m n o p")), 16);
    CHECK_INT(text_word_count(S("seven77 ends8at8 then more words ok")), 6);
    CHECK_INT(text_word_count(S("1234567don't 1234567 it's [x]{y}`z`@q^w")), 8);
    CHECK_INT(text_word_count(S("ASCII words then quyền trẻ em and more ASCII")), 9);
    CHECK_INT(text_word_count(S("@@@@@@@@[[[[[[[[````````{{{{{{{{~~~~~~~~")), 0);
}

void suite_text(void)
{
    test_utf8();
    test_line_col();
    test_nfc();
    test_slug();
    test_url();
    test_words();
}
