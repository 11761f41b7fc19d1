/* Private: between reading a scenario's files (scenario.c) and parsing
 * their JSON (scenario-parse.c). Never installed. */
#ifndef DM_SCENARIO_PARSE_PRIVATE_H
#define DM_SCENARIO_PARSE_PRIVATE_H

#include "scenario-private.h"

struct json_object;

/* Parses text strictly with json-c, refusing a key repeated in an object;
 * `status` naming what (e.g. "scenario"), the file, the line and the
 * column of the first error. */
dm_status dm_json_parse(dm_context *ctx, const char *what, const char *file,
                        const char *text, size_t len, dm_status status,
                        struct json_object **out);

/* Finds the first key that an object of text (well-formed JSON) repeats:
 * 1 with its offset *at and the decoded key in *key (new), 0 when every
 * object's keys differ, -1 when out of memory. json-c keeps the last of
 * repeated keys silently; demine refuses them. */
int dm_json_duplicate_key(const char *text, size_t len, size_t *at,
                          char **key);

/* "a number", "an object" …: what a JSON value is, for messages. */
const char *dm_json_type_name(const struct json_object *o);

/* A scenario from a JSON document already laid over what it extends
 * ("extends" is ignored); every key checked, every value in its domain,
 * its parameters listed in draw order. new: dm_scenario_free(). */
dm_status dm_scenario_build(dm_context *ctx, const char *file,
                            struct json_object *root, dm_scenario **out);

#endif
