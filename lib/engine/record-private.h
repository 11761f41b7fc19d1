/* Private: the record's observations and the table of quantities, read by
 * the calibration. Never installed. */
#ifndef DM_RECORD_PRIVATE_H
#define DM_RECORD_PRIVATE_H

#include "core-private.h"

/* How a quantity is simulated. */
typedef enum dm_quantity_kind {
    DM_QUANTITY_STOCK,  /* a track's value at the end of the month */
    DM_QUANTITY_FLOW,   /* a cumulative track's growth over the months */
    DM_QUANTITY_SHARE,  /* flagged / (flagged + cancelled) over them */
    DM_QUANTITY_CONTEXT /* not simulated */
} dm_quantity_kind;

typedef struct dm_quantity_info {
    const char *name;
    dm_quantity_kind kind;
    int track; /* DM_TRACK_* of projection-private.h; -1 for context */
} dm_quantity_info;

/* The row of quantity i (NULL past the end), and the index of a name (-1:
 * none). */
const dm_quantity_info *dm_quantity(size_t i);
int dm_quantity_index(const char *name);

typedef struct dm_obs {
    int month, from; /* DM_MONTH(); from: 0 for a stock */
    char *region;    /* NULL: national */
    int quantity;    /* index of the quantity table */
    double value, low, high;
    char *source, *note;
    char *where; /* "file, row N", for messages */
} dm_obs;

struct dm_record {
    size_t count, cap;
    dm_obs *items;
};

/* dm_record_add() with the place it was read for messages (NULL: "the
 * record, observation N"). */
dm_status dm_record_add_at(dm_context *ctx, dm_record *record,
                           const dm_observation *obs, const char *where);

#endif
