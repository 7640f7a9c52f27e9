/* The texts `loa new` writes: built-in archetypes (used when the theme
 * has no archetypes/TYPE.md) and the files of a new site.  Archetypes are
 * Mustache templates; they see title (as a quoted YAML string), date,
 * lang and slug. */
#include "new_skeleton.h"

#include <stddef.h>
#include <string.h>

static const struct new_archetype archetypes[] = {
    {"story", "stories", 0,
     "---\n"
     "title: {{{title}}}\n"
     "type: story\n"
     "date: {{date}}\n"
     "draft: true\n"
     "# province, district and commune are counted by `loa report`\n"
     "province: \"\"\n"
     "author: \"\"\n"
     "summary: \"\"\n"
     "tags: []\n"
     "---\n"
     "\n"
     "Write the story here. Start with what changed for people, then how.\n"},
    {"convention", "conventions", 0,
     "---\n"
     "title: {{{title}}}\n"
     "type: convention\n"
     "date: {{date}}\n"
     "draft: true\n"
     "short_name: \"\"\n"
     "full_title: {{{title}}}\n"
     "# dates as YYYY-MM-DD\n"
     "# adopted: 1989-11-20\n"
     "# in_force: 1990-09-02\n"
     "# vietnam: {signature: 1990-01-26, ratification: 1990-02-28}\n"
     "summary: \"\"\n"
     "---\n"
     "\n"
     "What the convention protects, and what Viet Nam has done to apply it.\n"},
    {"postcard", "postcards", 1,
     "---\n"
     "title: {{{title}}}\n"
     "type: postcard\n"
     "date: {{date}}\n"
     "draft: true\n"
     "slogan: {{{title}}}\n"
     "caption: \"\"\n"
     "hashtags: []\n"
     "---\n"
     "\n"
     "Where and how the postcard may be used.\n"},
    {"emagazine", "emagazine", 0,
     "---\n"
     "title: {{{title}}}\n"
     "type: emagazine\n"
     "date: {{date}}\n"
     "draft: true\n"
     "# the order of the part in its series\n"
     "weight: 1\n"
     "summary: \"\"\n"
     "---\n"
     "\n"
     "The text of this part of the series.\n"},
    {"page", "", 0,
     "---\n"
     "title: {{{title}}}\n"
     "date: {{date}}\n"
     "draft: true\n"
     "---\n"
     "\n"
     "Text of the page.\n"},
};

const struct new_archetype *new_archetype_find(const char *type)
{
    for (size_t i = 0; i < sizeof archetypes / sizeof *archetypes; i++)
        if (!strcmp(archetypes[i].type, type)) return &archetypes[i];
    return NULL;
}

const char *const new_types[] = {"story", "convention", "postcard", "emagazine", "page"};
const size_t new_n_types = sizeof new_types / sizeof *new_types;

/* A small working site: Vietnamese and English, one page of each type. */
const struct new_file new_site_files[] = {
    {".gitignore", "output/\noutput.loa-*\n.output.loa-lock\n.loa-cache/\n"},
    {"content/site.yml",
     "# site.yml: the settings of this site.  `man loa` lists every key.\n"
     "title: Cổng thông tin của đơn vị\n"
     "description: Thông tin về quyền con người của đơn vị.\n"
     "# the address the site is published at; a path is fine:\n"
     "# https://tinh.gov.vn/huyen/\n"
     "base_url: https://example.gov.vn/\n"
     "# a folder under themes/, or one installed with loa\n"
     "theme: portal\n"
     "author: Ban biên tập\n"
     "publisher: Tên cơ quan\n"
     "copyright: Được phép sử dụng lại khi ghi rõ nguồn.\n"
     "default_language: vi\n"
     "\n"
     "# Languages in switcher order.  kind: national | foreign | minority\n"
     "# (counted by `loa report` against the plans' 15-20% target).\n"
     "languages:\n"
     "  vi:\n"
     "    name: Tiếng Việt\n"
     "    kind: national\n"
     "  en:\n"
     "    name: English\n"
     "    kind: foreign\n"
     "    title: Agency information portal\n"
     "    description: Information on human rights from the agency.\n"
     "    fallback: vi\n"
     "\n"
     "menus:\n"
     "  vi:\n"
     "    - {name: Trang chủ, url: /, weight: 1}\n"
     "    - {name: Câu chuyện, url: /stories/, weight: 2}\n"
     "  en:\n"
     "    - {name: Home, url: /en/, weight: 1}\n"
     "    - {name: Stories, url: /en/stories/, weight: 2}\n"
     "\n"
     "taxonomies:\n"
     "  tags: tag\n"
     "\n"
     "# items per listing page\n"
     "paginate: 10\n"},
    {"content/_index.md",
     "---\ntitle: Trang chủ\n---\n\nGiới thiệu ngắn về cổng thông tin.\n"},
    {"content/_index.en.md",
     "---\ntitle: Home\n---\n\nA short introduction to the portal.\n"},
    {"content/stories/_index.md",
     "---\ntitle: Câu chuyện\ntype: story\n---\n\nCâu chuyện từ địa phương.\n"},
    {"content/stories/_index.en.md",
     "---\ntitle: Stories\ntype: story\n---\n\nStories from the province.\n"},
    {"content/stories/cau-chuyen-dau-tien.md",
     "---\n"
     "title: Câu chuyện đầu tiên\n"
     "type: story\n"
     "date: 2025-01-15\n"
     "province: \"\"\n"
     "summary: Một câu chuyện mẫu; thay bằng câu chuyện của đơn vị.\n"
     "tags: [mẫu]\n"
     "---\n"
     "\n"
     "Viết câu chuyện ở đây.\n"},
    {"content/conventions/_index.md",
     "---\ntitle: Công ước\ntype: convention\n---\n\nCác công ước quốc tế về quyền con người.\n"},
    {"content/conventions/crc.md",
     "---\n"
     "title: Công ước về quyền trẻ em\n"
     "type: convention\n"
     "short_name: CRC\n"
     "full_title: Công ước về quyền trẻ em\n"
     "adopted: 1989-11-20\n"
     "in_force: 1990-09-02\n"
     "vietnam:\n"
     "  signature: 1990-01-26\n"
     "  ratification: 1990-02-28\n"
     "summary: Công ước bảo vệ quyền của mọi trẻ em dưới 18 tuổi.\n"
     "---\n"
     "\n"
     "Tóm tắt nội dung công ước.\n"},
    {"content/postcards/_index.md",
     "---\ntitle: Bưu thiếp\ntype: postcard\n---\n\nBưu thiếp để chia sẻ.\n"},
    {"content/postcards/ngay-nhan-quyen/index.md",
     "---\n"
     "title: Ngày Nhân quyền thế giới\n"
     "type: postcard\n"
     "date: 2025-12-10\n"
     "slogan: Ngày Nhân quyền thế giới 10/12\n"
     "caption: Bưu thiếp mẫu.\n"
     "hashtags: [NhanQuyen]\n"
     "---\n"
     "\n"
     "Bưu thiếp mẫu.\n"},
    {"content/emagazine/_index.md",
     "---\ntitle: E-magazine\ntype: emagazine\n---\n\nCác chuyên đề.\n"},
    {"content/emagazine/chuyen-de/_index.md",
     "---\n"
     "title: Chuyên đề mẫu\n"
     "type: emagazine\n"
     "date: 2025-06-01\n"
     "# the book's cover (PNG or JPEG, about 1200x1800): put yours beside this file\n"
     "cover: /img/cover-sample.png\n"
     "cover_alt: \"Bìa mẫu của chuyên đề\"\n"
     "summary: Một chuyên đề mẫu gồm một kỳ.\n"
     "---\n"
     "\n"
     "Giới thiệu chuyên đề.\n"},
    {"content/emagazine/chuyen-de/ky-1.md",
     "---\n"
     "title: \"Kỳ 1: Mở đầu\"\n"
     "type: emagazine\n"
     "date: 2025-06-01\n"
     "weight: 1\n"
     "summary: Kỳ đầu tiên của chuyên đề.\n"
     "---\n"
     "\n"
     "Nội dung kỳ 1.\n"},
};
const size_t new_n_site_files = sizeof new_site_files / sizeof *new_site_files;
