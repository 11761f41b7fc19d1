/* Months: "YYYY-MM" in every file and flag, DM_MONTH() inside. */
#include <stdio.h>

#include "core-private.h"

static int digits(const char *s, int n, int *value)
{
    *value = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *value = *value * 10 + (s[i] - '0');
    }
    return 1;
}

dm_status dm_month_parse(const char *text, int *month)
{
    if (text == NULL || month == NULL)
        return DM_ERR_NULL_ARGUMENT;
    int y = 0, m = 0;
    /* Exactly four digits, a dash, two digits: no sign, no blank. */
    if (!digits(text, 4, &y) || text[4] != '-' || !digits(text + 5, 2, &m) ||
        text[7] != '\0')
        return DM_ERR_BAD_VALUE;
    if (m < 1 || m > 12 || y < DM_YEAR_MIN || y > DM_YEAR_MAX)
        return DM_ERR_BAD_VALUE;
    *month = DM_MONTH(y, m);
    return DM_OK;
}

const char *dm_month_format(int month, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return buf;
    if (month < DM_MONTH(0, 1) || month > DM_MONTH(9999, 12)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, "%04d-%02d", month / 12, month % 12 + 1);
    return buf;
}
