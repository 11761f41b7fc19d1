/* Reading JSON strictly: json-c's strict tokener, nothing after the
 * document, and no key repeated in an object. json-c keeps the last of an
 * object's repeated keys without a word (RFC 8259 leaves it to the
 * reader); a scenario or posterior that says one thing twice is an error
 * here. The text json-c has read is well formed, so the check walks it
 * once, keeping each open object's keys in a json-c hash table (linear in
 * the keys), and lets json-c decode any key written with escapes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <json-c/linkhash.h>

#include "core-private.h"
#include "scenario-parse-private.h"

/* json-c's default nesting limit: the tokener refused anything deeper. */
#define MAX_DEPTH JSON_TOKENER_DEFAULT_DEPTH

static void free_key(struct lh_entry *e) { free(lh_entry_k(e)); }

/* The key spelled by the string literal text[a..b] (quotes included),
 * decoded; new. NULL when out of memory. */
static char *decode_key(const char *text, size_t a, size_t b)
{
    char *raw = malloc(b - a + 2);
    if (raw == NULL)
        return NULL;
    memcpy(raw, text + a, b - a + 1);
    raw[b - a + 1] = '\0';
    if (memchr(raw, '\\', b - a + 1) == NULL) {
        memmove(raw, raw + 1, b - a - 1);
        raw[b - a - 1] = '\0';
        return raw;
    }
    json_object *s = json_tokener_parse(raw);
    free(raw);
    size_t n = s ? strlen(json_object_get_string(s)) : 0;
    char *key = s ? malloc(n + 1) : NULL;
    if (key != NULL)
        memcpy(key, json_object_get_string(s), n + 1);
    json_object_put(s);
    return key;
}

/* Index of the closing quote of the string that opens at text[i]. */
static size_t string_end(const char *text, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && text[j] != '"')
        j += text[j] == '\\' ? 2 : 1;
    return j < len ? j : len - 1;
}

/* Whether the string ending at text[j] is followed by ':' (is a key). */
static int is_key(const char *text, size_t len, size_t j)
{
    size_t k = j + 1;
    while (k < len && strchr(" \t\r\n", text[k]) != NULL)
        k++;
    return k < len && text[k] == ':';
}

/* Checks one key against its object's keys, adding it. 1: a duplicate
 * (*dup set, new), 0: first of its name, -1: out of memory. */
static int check_key(struct lh_table *keys, const char *text, size_t a,
                     size_t b, char **dup)
{
    char *key = decode_key(text, a, b);
    if (key == NULL)
        return -1;
    if (lh_table_lookup_entry(keys, key) != NULL) {
        *dup = key;
        return 1;
    }
    if (lh_table_insert(keys, key, NULL) != 0) {
        free(key);
        return -1;
    }
    return 0;
}

int dm_json_duplicate_key(const char *text, size_t len, size_t *at, char **key)
{
    struct lh_table *stack[MAX_DEPTH + 1] = {0};
    int depth = 0, found = 0;
    *key = NULL;
    for (size_t i = 0; i < len && found == 0; i++) {
        char c = text[i];
        if ((c == '{' || c == '[') && depth <= MAX_DEPTH) {
            stack[depth] = c == '{' ? lh_kchar_table_new(16, free_key) : NULL;
            found = c == '{' && stack[depth] == NULL ? -1 : 0;
            depth++;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
            if (stack[depth] != NULL)
                lh_table_free(stack[depth]);
            stack[depth] = NULL;
        } else if (c == '"') {
            size_t j = string_end(text, len, i);
            if (depth > 0 && stack[depth - 1] != NULL &&
                is_key(text, len, j)) {
                found = check_key(stack[depth - 1], text, i, j, key);
                *at = i;
            }
            i = j;
        }
    }
    while (depth > 0)
        if (stack[--depth] != NULL)
            lh_table_free(stack[depth]);
    return found;
}

/* Line and column (from 1) of text[at]. */
static void line_column(const char *text, size_t len, size_t at, size_t *line,
                        size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at && i < len; i++) {
        *col = text[i] == '\n' ? 1 : *col + 1;
        *line += text[i] == '\n';
    }
}

dm_status dm_json_parse(dm_context *ctx, const char *what, const char *file,
                        const char *text, size_t len, dm_status status,
                        json_object **out)
{
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return dm_no_memory(ctx);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (root == NULL && jerr == json_tokener_continue)
        jerr = json_tokener_error_parse_eof;
    if (jerr == json_tokener_success)
        while (end < len && strchr(" \t\r\n", text[end]) != NULL)
            end++;
    char *key = NULL;
    int dup = 0;
    if (jerr == json_tokener_success && end >= len) {
        dup = dm_json_duplicate_key(text, len, &end, &key);
        if (dup == 0) {
            *out = root;
            return DM_OK;
        }
    }
    json_object_put(root);
    if (dup < 0)
        return dm_no_memory(ctx);
    size_t line, col;
    line_column(text, len, end, &line, &col);
    dm_status s =
        dup > 0 ? dm_error(ctx, status,
                           "%s '%s': key \"%s\" repeated in one object at "
                           "line %zu, column %zu (each key may appear once)",
                           what, file, key, line, col)
                : dm_error(ctx, status,
                           "%s '%s': malformed JSON at line %zu, column %zu: "
                           "%s",
                           what, file, line, col,
                           jerr != json_tokener_success
                               ? json_tokener_error_desc(jerr)
                               : "text after the end of the document");
    free(key);
    return s;
}
