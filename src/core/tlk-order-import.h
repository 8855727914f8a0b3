/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-entities.h"
#include "tlk-event.h"

G_BEGIN_DECLS

/*
 * New orders from outside: a CSV file (telekit-cli import orders, the app's
 * import) or an ordering system's POST /api/v1/orders. Both read rows into
 * drafts with the same checks, so the same row gets the same refusal
 * wherever it comes from. Personal data (name, address, phone, access
 * notes) stays in the draft and goes to the citizens table, never into the
 * order.received event (DESIGN §5).
 */

typedef enum
{
  TLK_ORDER_FIELD_CUSTOMER,
  TLK_ORDER_FIELD_CASE_REF,
  TLK_ORDER_FIELD_KIT_TYPE,
  TLK_ORDER_FIELD_REQUESTED_DATE,
  TLK_ORDER_FIELD_PRIORITY,
  TLK_ORDER_FIELD_NOTES,
  TLK_ORDER_FIELD_NAME,
  TLK_ORDER_FIELD_ADDRESS,
  TLK_ORDER_FIELD_PHONE,
  TLK_ORDER_FIELD_ACCESS_NOTES,
  TLK_ORDER_N_FIELDS
} TlkOrderField;

#define TLK_ORDER_ERROR (tlk_order_error_quark ())

/**
 * TlkOrderError:
 * @TLK_ORDER_ERROR_COLUMNS: the header lacks a required column, or names
 *   one that is not known, or names one twice
 */
typedef enum
{
  TLK_ORDER_ERROR_COLUMNS,
} TlkOrderError;

typedef struct
{
  guint  line;     /* CSV line, or position in a posted list (1 = first) */
  char  *column;   /* as the input named it; NULL for the row as a whole */
  char  *message;  /* translated */
} TlkOrderProblem;

typedef struct
{
  guint  line;
  char  *customer;        /* ids, resolved from names, EANs or ids */
  char  *case_ref;
  char  *kit_type;
  char  *requested_date;  /* ISO */
  char  *priority;        /* normal, urgent */
  char  *notes;           /* may be NULL */
  char  *name;
  char  *address;
  char  *phone;           /* may be NULL */
  char  *access_notes;    /* may be NULL */
} TlkOrderDraft;

GQuark          tlk_order_error_quark     (void);

/* "customer", "case_ref", …: the JSON names, and the English CSV header. */
const char     *tlk_order_field_name      (TlkOrderField field);
/* The field a CSV header names (Danish or English, any case), or -1. */
int             tlk_order_field_from_header (const char *header);

/*
 * Checks one row: @values (TLK_ORDER_N_FIELDS strings, NULL or "" where
 * the input has none) against @customers (of TlkCustomer) and @kit_types
 * (of TlkKitType). @columns names the fields as the input did (NULL: the
 * JSON names). Every problem is added to @problems; returns the draft
 * only when there were none.
 */
TlkOrderDraft  *tlk_order_draft_check     (const char *const *values,
                                           const char *const *columns,
                                           guint              line,
                                           GPtrArray         *customers,
                                           GPtrArray         *kit_types,
                                           GPtrArray         *problems);

/*
 * Reads a CSV file of orders (tlk_csv_read()'s dialect) with a header
 * line. Returns the good rows' drafts (repeats dropped); every bad row's
 * problems go to @problems, @n_rows (may be NULL) gets the number of rows
 * read and @case_ref_column (may be NULL) the case reference's header. A
 * file that cannot be read at all (no header, unknown columns, a quote
 * never closed) is an error.
 */
GPtrArray      *tlk_order_read_csv        (const char *data,
                                           gsize       length,
                                           GPtrArray  *customers,
                                           GPtrArray  *kit_types,
                                           GPtrArray  *problems,
                                           guint      *n_rows,
                                           char      **case_ref_column,
                                           GError    **error);

/* Drops from @drafts every one whose customer and case reference an
 * earlier draft has, with a problem each naming @column (the case
 * reference's column as the input names it). */
void            tlk_order_drop_repeats    (GPtrArray  *drafts,
                                           GPtrArray  *problems,
                                           const char *column);

/* The order.received event of @draft for a new order @order_id and a new
 * citizen @citizen_id (pseudonymous ids made by the caller). */
TlkEvent       *tlk_order_draft_to_event  (const TlkOrderDraft *draft,
                                           const char          *order_id,
                                           const char          *citizen_id,
                                           const char          *actor);

/* How many rows @problems speak of (a row may have several). */
guint           tlk_order_problems_count_rows (GPtrArray *problems);
/* [{"line": N, "field": "…"|null, "message": "…"}, …]: the CLI's --json
 * and the server's answer. */
JsonNode       *tlk_order_problems_to_json    (GPtrArray *problems);

/* Sorts @problems by line, for people. */
void            tlk_order_problems_sort   (GPtrArray *problems);

void            tlk_order_problem_free    (TlkOrderProblem *problem);
void            tlk_order_draft_free      (TlkOrderDraft   *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkOrderProblem, tlk_order_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkOrderDraft, tlk_order_draft_free)

/* dd-mm-yyyy as Danes and Danish Excel write it (also with "." or "/", and
 * one-digit days and months), or ISO yyyy-mm-dd → ISO; NULL when it is not a
 * real date. */
char *tlk_date_parse_danish (const char *text);

G_END_DECLS
