/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "tlk-cairo.h"
#include "tlk-types.h"

G_BEGIN_DECLS

/*
 * One label (DESIGN §6): the QR code holding exactly the code, the code
 * grouped for reading aloud, and lines that depend on the kind. The label
 * layer knows no database: callers (the CLI, the app) look the records up
 * and hand over plain strings.
 */

typedef enum
{
  TLK_LABEL_KIT,
  TLK_LABEL_DEVICE,
  TLK_LABEL_LOCATION,
  TLK_LABEL_ACTION,
} TlkLabelKind;

typedef struct
{
  TlkLabelKind kind;
  char        *code;    /* canonical, e.g. "K3F9A2CXMS" */
  char        *title;   /* kit type name, model name, shelf name or the action in words */
  char        *detail;  /* kit: the slots as text; device: the serial line; else NULL */
  char        *owner;   /* who owns the equipment, or NULL */
  char        *phone;   /* the support phone, or NULL */
} TlkLabel;

/* @code must be a valid code of the matching kind; @owner and @phone may be
 * NULL (later they come from settings). */
TlkLabel *tlk_label_new_kit      (const char *code,
                                  const char *kit_type_name,
                                  const char *slots_text,
                                  const char *owner,
                                  const char *phone);
TlkLabel *tlk_label_new_device   (const char *code,
                                  const char *model_name,
                                  const char *serial,
                                  const char *owner,
                                  const char *phone);
TlkLabel *tlk_label_new_location (const char *code,
                                  const char *name,
                                  const char *owner,
                                  const char *phone);
/* @action_words as printed on the card, e.g. tlk_action_describe (). */
TlkLabel *tlk_label_new_action   (const char *code,
                                  const char *action_words,
                                  const char *owner,
                                  const char *phone);
/*
 * The label of whatever @input names in @world: a kit, device, location or
 * action card, as typed or scanned (tlk_code_parse normalises it). Fails
 * with TLK_CODE_ERROR for a malformed code or a stop (stops get no labels),
 * and TLK_RULE_ERROR_NOT_FOUND for a code no record has. The CLI and the
 * app make their labels here.
 */
TlkLabel *tlk_label_new_for_code (TlkWorld   *world,
                                  const char *input,
                                  const char *owner,
                                  const char *phone,
                                  GError    **error);
/* Every action card (one per action, in the order of TlkAction), printed
 * on TLK_LABEL_ACTION_CARD_TEMPLATE: the sheet for the scan desk. */
GPtrArray *tlk_label_new_action_cards (void);
#define TLK_LABEL_ACTION_CARD_TEMPLATE "a4-2x6"

TlkLabel *tlk_label_copy         (const TlkLabel *label);
void      tlk_label_free         (TlkLabel       *label);

/* The slots of @type as one line of text: "Tablet, pulse oximeter, 2 ×
 * scale" (translated device kinds). */
char     *tlk_label_slots_text   (const TlkKitType *type);

/*
 * Draws @label into the box (0, 0)–(@width, @height) of @cr's current user
 * space, in millimetres: callers scale the user space so that one unit is
 * one millimetre on paper (72 / 25.4 for PDF points, dpi / 25.4 for pixels).
 * The box is painted white and nothing is drawn outside it. Pure: the same
 * label and box give the same drawing on every surface (PDF, PNG, print,
 * the on-screen preview); @cr's state is restored.
 *
 * The QR code is in alphanumeric mode, error correction level M, drawn as
 * vector rectangles with a quiet zone of 4 modules. Text never runs out of
 * the box: it wraps, then shrinks, and only as a last resort is ellipsized.
 * The layout follows the shape of the box: wide boxes get the QR code on the
 * left and the text beside it; boxes under 30 mm on a side (mini labels) get
 * the QR code and the code only.
 */
void      tlk_label_render       (const TlkLabel *label,
                                  cairo_t        *cr,
                                  double          width,
                                  double          height);

/* For continuous media: the height @label wants at @width (mm), at least
 * @min_height — long texts make the label longer rather than smaller. */
double    tlk_label_natural_height (const TlkLabel *label,
                                    double          width,
                                    double          min_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkLabel, tlk_label_free)

G_END_DECLS
