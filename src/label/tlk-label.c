/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-label"

#include "config.h"

#include "tlk-label.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "tlk-code.h"
#include "tlk-entities.h"
#include "tlk-label-private.h"
#include "tlk-machine.h"
#include "tlk-scan.h"
#include "tlk-world.h"

/* Version 1: 21 modules, plus the quiet zone on both sides. */
#define QR_MODULES (21 + 2 * TLK_LABEL_QR_QUIET)

/* The smallest text we print, in mm (about 4 pt): still legible from a
 * thermal printer at 203 dpi (12 dots). The code stays larger. */
#define TEXT_MIN 1.5
#define CODE_MIN 1.8
/* Each round of shrinking makes text this much smaller. */
#define SHRINK   0.92

#define FONT_SANS "DejaVu Sans, sans-serif"
#define FONT_MONO "DejaVu Sans Mono, monospace"

/* ---- the label record ------------------------------------------------- */

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static TlkLabel *
label_new (TlkLabelKind kind,
           const char  *code,
           char        *title,
           char        *detail,
           const char  *owner,
           const char  *phone)
{
  TlkLabel *label = g_new0 (TlkLabel, 1);

  label->kind = kind;
  label->code = g_strdup (code);
  label->title = title;
  label->detail = detail;
  label->owner = dup_or_null (owner);
  label->phone = dup_or_null (phone);
  return label;
}

static gboolean
code_is (const char  *code,
         TlkCodeKind  kind)
{
  return code != NULL && tlk_code_is_valid (code) && code[0] == (char) kind;
}

TlkLabel *
tlk_label_new_kit (const char *code,
                   const char *kit_type_name,
                   const char *slots_text,
                   const char *owner,
                   const char *phone)
{
  g_return_val_if_fail (code_is (code, TLK_CODE_KIND_KIT), NULL);
  g_return_val_if_fail (kit_type_name != NULL, NULL);

  return label_new (TLK_LABEL_KIT, code, g_strdup (kit_type_name), dup_or_null (slots_text), owner, phone);
}

TlkLabel *
tlk_label_new_device (const char *code,
                      const char *model_name,
                      const char *serial,
                      const char *owner,
                      const char *phone)
{
  g_return_val_if_fail (code_is (code, TLK_CODE_KIND_DEVICE), NULL);
  g_return_val_if_fail (model_name != NULL, NULL);

  return label_new (TLK_LABEL_DEVICE, code, g_strdup (model_name),
                    serial != NULL && *serial != '\0' ? g_strdup_printf (_("Serial no. %s"), serial) : NULL,
                    owner, phone);
}

TlkLabel *
tlk_label_new_location (const char *code,
                        const char *name,
                        const char *owner,
                        const char *phone)
{
  g_return_val_if_fail (code_is (code, TLK_CODE_KIND_LOCATION), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return label_new (TLK_LABEL_LOCATION, code, g_strdup (name), NULL, owner, phone);
}

TlkLabel *
tlk_label_new_action (const char *code,
                      const char *action_words,
                      const char *owner,
                      const char *phone)
{
  g_return_val_if_fail (code_is (code, TLK_CODE_KIND_ACTION), NULL);
  g_return_val_if_fail (action_words != NULL, NULL);

  return label_new (TLK_LABEL_ACTION, code, g_strdup (action_words), NULL, owner, phone);
}

TlkLabel *
tlk_label_new_for_code (TlkWorld   *world,
                        const char *input,
                        const char *owner,
                        const char *phone,
                        GError    **error)
{
  TlkCodeKind kind;
  g_autofree char *code = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((code = tlk_code_parse (input, &kind, error)) == NULL)
    return NULL;
  shown = tlk_code_format (code);

  switch (kind)
    {
    case TLK_CODE_KIND_KIT:
      {
        TlkKit *kit = tlk_world_kit (world, code);
        TlkKitType *type = kit ? tlk_world_kit_type (world, kit->kit_type) : NULL;
        g_autofree char *slots = type ? tlk_label_slots_text (type) : NULL;

        if (kit == NULL)
          break;
        return tlk_label_new_kit (code, type ? type->name : kit->kit_type, slots, owner, phone);
      }
    case TLK_CODE_KIND_DEVICE:
      {
        TlkDevice *device = tlk_world_device (world, code);
        TlkDeviceModel *model = device ? tlk_world_model (world, device->model) : NULL;
        g_autofree char *name = NULL;

        if (device == NULL)
          break;
        name = model ? g_strdup_printf ("%s %s", model->manufacturer, model->name) : g_strdup (device->model);
        return tlk_label_new_device (code, name, device->serial, owner, phone);
      }
    case TLK_CODE_KIND_LOCATION:
      {
        TlkLocation *location = tlk_world_location (world, code);

        if (location == NULL)
          break;
        return tlk_label_new_location (code, location->name, owner, phone);
      }
    case TLK_CODE_KIND_ACTION:
      {
        TlkAction action = tlk_action_from_code (code);

        if (action == TLK_ACTION_N || action == TLK_ACTION_NONE)
          break;
        return tlk_label_new_action (code, tlk_action_describe (action), owner, phone);
      }
    case TLK_CODE_KIND_STOP:
    default:
      g_set_error (error, TLK_CODE_ERROR, TLK_CODE_ERROR_KIND, _("%s is a stop; stops get no labels."), shown);
      return NULL;
    }

  g_set_error (error, TLK_RULE_ERROR, TLK_RULE_ERROR_NOT_FOUND, _("%s is not registered in Telekit."), shown);
  return NULL;
}

GPtrArray *
tlk_label_new_action_cards (void)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) tlk_label_free);

  /* The codes are the same in every database: no store needed. */
  for (TlkAction a = TLK_ACTION_NONE + 1; a < TLK_ACTION_N; a++)
    {
      g_autofree char *code = tlk_action_code (a);

      g_ptr_array_add (cards, tlk_label_new_action (code, tlk_action_describe (a), NULL, NULL));
    }
  return cards;
}

TlkLabel *
tlk_label_copy (const TlkLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return label_new (label->kind, label->code, g_strdup (label->title), g_strdup (label->detail), label->owner,
                    label->phone);
}

void
tlk_label_free (TlkLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->code);
  g_free (label->title);
  g_free (label->detail);
  g_free (label->owner);
  g_free (label->phone);
  g_free (label);
}

char *
tlk_label_slots_text (const TlkKitType *type)
{
  GString *text;

  g_return_val_if_fail (type != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; type->slots != NULL && i < type->slots->len; i++)
    {
      const TlkKitSlot *slot = g_ptr_array_index (type->slots, i);
      const char *words = tlk_device_kind_describe (slot->kind);

      if (text->len > 0)
        g_string_append (text, ", ");
      if (slot->count > 1)
        /* Translators: a slot of a kit type on its label, e.g. "2 × scale". */
        g_string_append_printf (text, _("%d × %s"), slot->count, words);
      else
        g_string_append (text, words);
    }

  /* "Tablet, pulse oximeter, …": the kinds are lower case in sentences. */
  if (text->len > 0)
    {
      char first[8];
      const char *next = g_utf8_next_char (text->str);
      int n = g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text->str)), first);

      g_string_erase (text, 0, next - text->str);
      g_string_prepend_len (text, first, n);
    }
  return g_string_free (text, FALSE);
}

/* ---- QR code ---------------------------------------------------------- */

QRcode *
tlk_label_qr_encode (const char *code)
{
  g_autoptr(QRinput) input = NULL;

  g_return_val_if_fail (code != NULL && tlk_code_is_valid (code), NULL);

  /* Alphanumeric mode by hand: the code alphabet (0-9, A-Z) is a subset of
   * it, and a scanner then sends exactly these characters (DESIGN §6). */
  input = QRinput_new2 (0, QR_ECLEVEL_M);
  if (input == NULL || QRinput_append (input, QR_MODE_AN, (int) strlen (code), (const unsigned char *) code) != 0)
    return NULL;
  return QRcode_encodeInput (input);
}

static void
draw_qr (cairo_t            *cr,
         const QRcode       *qr,
         const TlkLabelRect *box)
{
  int n = qr->width;
  double m = box->width / (n + 2 * TLK_LABEL_QR_QUIET);
  double x0 = box->x + TLK_LABEL_QR_QUIET * m;
  double y0 = box->y + TLK_LABEL_QR_QUIET * m;
  g_autofree guint8 *covered = g_new0 (guint8, n * n);

#define DARK(x_, y_) (qr->data[(y_) * n + (x_)] & 1)

  /* Dark modules as few rectangles as a greedy merge finds (a run across,
   * grown down while the rows below repeat it), all in one path and filled
   * once: no hairline seams between neighbours, and a small PDF. */
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        int w = 0;
        int h = 1;

        while (x + w < n && DARK (x + w, y) && !covered[y * n + x + w])
          w++;
        if (w == 0)
          continue;
        while (y + h < n)
          {
            gboolean same = TRUE;

            for (int i = 0; i < w && same; i++)
              same = DARK (x + i, y + h) && !covered[(y + h) * n + x + i];
            if (!same)
              break;
            h++;
          }
        for (int k = 0; k < h; k++)
          memset (covered + (y + k) * n + x, 1, w);
        cairo_rectangle (cr, x0 + x * m, y0 + y * m, w * m, h * m);
        x += w - 1;
      }
#undef DARK
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill (cr);
}

/* ---- layout ----------------------------------------------------------- */

TlkLabelShape
tlk_label_shape (double width,
                 double height)
{
  if (MIN (width, height) < 30)
    return TLK_LABEL_SHAPE_COMPACT;
  if (width >= TLK_LABEL_SIDE_RATIO * height)
    return TLK_LABEL_SHAPE_SIDE;
  return TLK_LABEL_SHAPE_STACK;
}

typedef struct
{
  char        *text;
  const char  *family;
  gboolean     bold;
  double       size;      /* first try, mm */
  double       min_size;
  double       max_size;  /* the longest word fits a line */
  gboolean     is_code;   /* shrinks only when nothing else can */
  gboolean     bottom;    /* anchored to the bottom of the box */
  double       max_height; /* 0: any; set by the last resort */
  int          cut_lines;  /* its lines when last cut */
  gboolean     hidden;
  double       cur;       /* the size laid out */
  double       height;    /* the height laid out */
  PangoLayout *layout;
} Block;

typedef struct
{
  TlkLabelShape shape;
  TlkLabelRect  qr;
  TlkLabelRect  box;
  Block         blocks[TLK_LABEL_MAX_BLOCKS];
  guint         n_blocks;
  gboolean      ellipsized;
} Plan;

static void
plan_clear (Plan *plan)
{
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      g_free (plan->blocks[i].text);
      g_clear_object (&plan->blocks[i].layout);
    }
}

static Block *
plan_add (Plan       *plan,
          char       *text,
          const char *family,
          gboolean    bold,
          double      size)
{
  Block *b;

  g_assert (plan->n_blocks < TLK_LABEL_MAX_BLOCKS);
  b = &plan->blocks[plan->n_blocks++];
  b->text = text;
  b->family = family;
  b->bold = bold;
  b->size = size;
  b->min_size = TEXT_MIN;
  b->max_size = G_MAXDOUBLE;
  return b;
}

static double
block_layout (Block  *b,
              double  width,
              double  scale)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (b->family);
  PangoRectangle logical;

  /* In steps of 0.05 mm: fewer distinct fonts for Pango to load and cache. */
  b->cur = floor (MAX (b->min_size, MIN (b->max_size, b->size * scale)) * 20) / 20;
  pango_font_description_set_weight (desc, b->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc, b->cur * PANGO_SCALE);
  pango_layout_set_font_description (b->layout, desc);
  pango_layout_set_width (b->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (b->layout, PANGO_WRAP_WORD_CHAR);
  if (b->max_height > 0)
    {
      /* A height, not a number of lines: Pango counts lines per paragraph. */
      pango_layout_set_height (b->layout, (int) (b->max_height * PANGO_SCALE));
      pango_layout_set_ellipsize (b->layout, PANGO_ELLIPSIZE_END);
    }
  else
    pango_layout_set_ellipsize (b->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_get_extents (b->layout, NULL, &logical);
  b->height = (double) logical.height / PANGO_SCALE;
  return b->height;
}

/* The space between a block and the next. */
static double
block_gap (const Block *b)
{
  return 0.3 * b->cur;
}

/* Lays every visible block out at @scale (@code_scale for the code) and
 * returns the height they need: their heights, and a gap after each but the
 * last. */
static double
plan_total (Plan   *plan,
            double  scale,
            double  code_scale)
{
  double total = 0;
  double gap = 0;

  for (guint i = 0; i < plan->n_blocks; i++)
    {
      Block *b = &plan->blocks[i];

      if (b->hidden)
        continue;
      total += gap + block_layout (b, plan->box.width, b->is_code ? code_scale : scale);
      gap = block_gap (b);
    }
  return total;
}

static gboolean
plan_at_min (const Plan *plan,
             double      scale,
             gboolean    code)
{
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      const Block *b = &plan->blocks[i];

      if (!b->hidden && b->is_code == code && b->size * scale > b->min_size)
        return FALSE;
    }
  return TRUE;
}

/* The last resort: fewer lines for a block that has more than one (the
 * detail first, then the owner, the title last) — as many as the
 * room left holds — or else hide a block. FALSE when nothing is left to
 * give. @total is the height everything needs now. */
static gboolean
plan_cut (Plan   *plan,
          double  total)
{
  static const int order[] = { 2, 3, 1 }; /* detail, footer, title among the non-code blocks */
  Block *text_blocks[TLK_LABEL_MAX_BLOCKS + 1] = { NULL };
  guint n = 0;

  for (guint i = 0; i < plan->n_blocks; i++)
    if (!plan->blocks[i].is_code)
      text_blocks[1 + n++] = &plan->blocks[i];

  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < G_N_ELEMENTS (order); k++)
      {
        Block *b = order[k] <= (int) n ? text_blocks[order[k]] : NULL;
        int lines;

        if (b == NULL || b->hidden)
          continue;
        lines = pango_layout_get_line_count (b->layout);
        /* Each cut must take lines off, or the block goes. */
        if (pass == 0 && lines > 1 && (b->cut_lines == 0 || lines < b->cut_lines))
          {
            double line = b->height / lines;
            double room = plan->box.height - (total - b->height);

            b->max_height = MAX (line, MIN (room, b->height - line));
            b->cut_lines = lines;
            return TRUE;
          }
        if (pass == 1)
          {
            b->hidden = TRUE;
            return TRUE;
          }
      }
  return FALSE;
}

static void
plan_fit (Plan *plan)
{
  double scale = 1;
  double code_scale = 1;

  double total;

  /* Wrap (always on), then shrink the text, then the code, then cut. */
  while ((total = plan_total (plan, scale, code_scale)) > plan->box.height)
    {
      if (!plan_at_min (plan, scale, FALSE))
        scale *= SHRINK;
      else if (!plan_at_min (plan, code_scale, TRUE))
        code_scale *= SHRINK;
      else if (plan_cut (plan, total))
        plan->ellipsized = TRUE;
      else
        break;
    }

  /* A step can shrink further than needed when a line less wraps: back up
   * to the largest size that still fits. */
  if (scale < 1 && code_scale == 1 && !plan->ellipsized)
    {
      double lo = scale;
      double hi = MIN (1, scale / SHRINK);

      for (int i = 0; i < 4; i++)
        {
          double mid = (lo + hi) / 2;

          if (plan_total (plan, mid, code_scale) <= plan->box.height)
            lo = mid;
          else
            hi = mid;
        }
      plan_total (plan, lo, code_scale);
    }
}

/* The largest size at which every word of @b's text fits @width: a word is
 * broken inside only when even the smallest text cannot hold it. Lines may
 * break at spaces and after hyphens. */
static double
word_fit (PangoContext *ctx,
          const Block  *b,
          double        width)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (ctx);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (b->family);
  const char *start = b->text;
  int widest = 0;

  pango_font_description_set_weight (desc, b->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc, 10 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  for (const char *p = b->text;; p++)
    {
      gboolean end = *p == '\0' || *p == ' ' || *p == '\n';

      if (end || *p == '-')
        {
          const char *stop = *p == '-' ? p + 1 : p;
          PangoRectangle logical;

          pango_layout_set_text (layout, start, (int) (stop - start));
          pango_layout_get_extents (layout, NULL, &logical);
          widest = MAX (widest, logical.width);
          start = *p == '\0' ? p : stop + (end ? 1 : 0);
        }
      if (*p == '\0')
        break;
    }
  if (widest == 0)
    return G_MAXDOUBLE;
  return 10 * 0.99 * width / ((double) widest / PANGO_SCALE);
}

/* The size at which @text in @family fills @width on one line. */
static double
fit_width (PangoContext *ctx,
           const char   *text,
           const char   *family,
           double        width)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (ctx);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (family);
  PangoRectangle logical;

  pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (desc, 10 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  /* A little room so rounding never breaks the line. */
  return 10 * 0.97 * width / ((double) logical.width / PANGO_SCALE);
}

static char *
footer_text (const TlkLabel *label)
{
  g_autofree char *phone = label->phone ? g_strdup_printf (_("Support: %s"), label->phone) : NULL;

  if (label->owner != NULL && phone != NULL)
    return g_strconcat (label->owner, "\n", phone, NULL);
  if (label->owner != NULL)
    return g_strdup (label->owner);
  return g_steal_pointer (&phone);
}

/* "Type 2-diabetes" must not break after "2-": a hyphen after a digit
 * becomes a non-breaking one (U+2011). */
static char *
keep_number_hyphens (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-' && p > text && g_ascii_isdigit (p[-1]))
        g_string_append (out, "\u2011");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static PangoContext *
create_context (cairo_t *cr)
{
  PangoContext *ctx = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the layout is the same at every scale, so a PDF, a
   * 203 dpi PNG and the preview break lines at the same places. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, options);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  cairo_font_options_destroy (options);
  return ctx;
}

static void
plan_build (Plan           *plan,
            const TlkLabel *label,
            PangoContext   *ctx,
            double          w,
            double          h)
{
  g_autofree char *shown = tlk_code_format (label->code);
  double pad, s, th, base, size;
  Block *code;

  memset (plan, 0, sizeof *plan);
  plan->shape = tlk_label_shape (w, h);

  if (plan->shape == TLK_LABEL_SHAPE_COMPACT)
    {
      /* The code on one line at the bottom, the QR code above it as large as
       * the rest allows. */
      pad = CLAMP (MIN (w, h) * 0.05, 0.8, 1.5);
      plan->box = (TlkLabelRect) { pad, 0, w - 2 * pad, h };
      size = MIN (fit_width (ctx, shown, FONT_MONO, w - 2 * pad), 0.13 * h);
      code = plan_add (plan, g_steal_pointer (&shown), FONT_MONO, TRUE, size);
      code->is_code = TRUE;
      code->min_size = MIN (code->size, CODE_MIN);
      code->layout = pango_layout_new (ctx);
      pango_layout_set_text (code->layout, code->text, -1);
      pango_layout_set_alignment (code->layout, PANGO_ALIGN_CENTER);
      block_layout (code, plan->box.width, 1);
      plan->box.y = h - pad - code->height;
      plan->box.height = code->height;
      s = MIN (w, h - pad - code->height);
      plan->qr = (TlkLabelRect) { (w - s) / 2, (h - pad - code->height - s) / 2, s, s };
      return;
    }

  if (plan->shape == TLK_LABEL_SHAPE_SIDE)
    {
      pad = CLAMP (h * 0.06, 1, 3);
      s = MIN (h, 0.45 * w);
      plan->qr = (TlkLabelRect) { 0, (h - s) / 2, s, s };
      /* The quiet zone already separates the text from the modules. */
      plan->box = (TlkLabelRect) { s + 0.25 * pad, pad, w - s - 1.25 * pad, h - 2 * pad };
    }
  else
    {
      pad = CLAMP (w * 0.06, 1, 3);
      s = MIN (w, 0.55 * h);
      plan->qr = (TlkLabelRect) { (w - s) / 2, 0, s, s };
      plan->box = (TlkLabelRect) { pad, s, w - 2 * pad, h - s - pad };
    }

  th = plan->box.height;
  base = MIN (4.2, 0.13 * th);

  if (label->kind == TLK_LABEL_ACTION)
    /* An action card is read from across the desk: the words first, big. */
    plan_add (plan, g_strdup (label->title), FONT_SANS, TRUE, MIN (12, 0.3 * th));

  {
    double cap = label->kind == TLK_LABEL_ACTION ? MIN (5, 0.14 * th) : MIN (6, 0.18 * th);

    code = plan_add (plan, g_strdup (shown), FONT_MONO, TRUE,
                     MIN (cap, fit_width (ctx, shown, FONT_MONO, plan->box.width)));
    code->is_code = TRUE;
    code->min_size = MIN (code->size, CODE_MIN);
  }

  switch (label->kind)
    {
    case TLK_LABEL_KIT:
    case TLK_LABEL_DEVICE:
      plan_add (plan, keep_number_hyphens (label->title), FONT_SANS, TRUE, base);
      if (label->detail != NULL)
        plan_add (plan, keep_number_hyphens (label->detail), FONT_SANS, FALSE, 0.8 * base);
      break;
    case TLK_LABEL_LOCATION:
      plan_add (plan, keep_number_hyphens (label->title), FONT_SANS, TRUE, MIN (6, 0.2 * th));
      break;
    case TLK_LABEL_ACTION:
    default:
      break;
    }

  {
    char *footer = footer_text (label);

    if (footer != NULL)
      plan_add (plan, footer, FONT_SANS, FALSE, 0.7 * base)->bottom = TRUE;
  }

  for (guint i = 0; i < plan->n_blocks; i++)
    {
      Block *b = &plan->blocks[i];

      b->layout = pango_layout_new (ctx);
      pango_layout_set_text (b->layout, b->text, -1);
      if (!b->is_code)
        b->max_size = word_fit (ctx, b, plan->box.width);
      if (plan->shape == TLK_LABEL_SHAPE_STACK)
        pango_layout_set_alignment (b->layout, PANGO_ALIGN_CENTER);
    }
  plan_fit (plan);
}

static void
plan_draw (Plan            *plan,
           cairo_t         *cr,
           TlkLabelMetrics *metrics)
{
  double y = plan->box.y;
  double bottom_group = 0;
  double gap = 0;
  double top[TLK_LABEL_MAX_BLOCKS] = { 0 };

  /* The blocks from the top down, then the bottom ones (owner, phone) as a
   * group that ends at the bottom of the box: plan_total made room for both. */
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      const Block *b = &plan->blocks[i];

      if (b->hidden || !b->bottom)
        continue;
      bottom_group += gap + b->height;
      gap = block_gap (b);
    }
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      const Block *b = &plan->blocks[i];

      if (b->hidden || b->bottom)
        continue;
      top[i] = y;
      y += b->height + block_gap (b);
    }
  y = plan->box.y + plan->box.height - bottom_group;
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      const Block *b = &plan->blocks[i];

      if (b->hidden || !b->bottom)
        continue;
      top[i] = y;
      y += b->height + block_gap (b);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < plan->n_blocks; i++)
    {
      Block *b = &plan->blocks[i];

      if (b->hidden)
        continue;
      cairo_move_to (cr, plan->box.x, top[i]);
      pango_cairo_show_layout (cr, b->layout);

      if (metrics != NULL)
        {
          PangoRectangle ink;
          guint n = metrics->n_blocks++;

          pango_layout_get_extents (b->layout, &ink, NULL);
          metrics->ink[n] = (TlkLabelRect) {
            plan->box.x + (double) ink.x / PANGO_SCALE, top[i] + (double) ink.y / PANGO_SCALE,
            (double) ink.width / PANGO_SCALE, (double) ink.height / PANGO_SCALE,
          };
          metrics->size[n] = b->cur;
        }
    }
}

void
tlk_label_render_with_metrics (const TlkLabel  *label,
                               cairo_t         *cr,
                               double           width,
                               double           height,
                               TlkLabelMetrics *metrics)
{
  g_autoptr(QRcode) qr = NULL;
  PangoContext *ctx;
  Plan plan;

  g_return_if_fail (label != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  qr = tlk_label_qr_encode (label->code);
  /* Only possible when memory runs out: the code is valid alphanumeric. */
  if (qr == NULL)
    g_error ("Cannot encode %s as a QR code: %s", label->code, g_strerror (errno));

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  ctx = create_context (cr);
  plan_build (&plan, label, ctx, width, height);
  draw_qr (cr, qr, &plan.qr);

  if (metrics != NULL)
    {
      memset (metrics, 0, sizeof *metrics);
      metrics->shape = plan.shape;
      metrics->qr = plan.qr;
      metrics->module = plan.qr.width / (qr->width + 2 * TLK_LABEL_QR_QUIET);
      metrics->text_box = plan.box;
      metrics->ellipsized = plan.ellipsized;
    }
  plan_draw (&plan, cr, metrics);
  plan_clear (&plan);
  g_object_unref (ctx);
  cairo_restore (cr);
}

void
tlk_label_render (const TlkLabel *label,
                  cairo_t        *cr,
                  double          width,
                  double          height)
{
  tlk_label_render_with_metrics (label, cr, width, height, NULL);
}

double
tlk_label_natural_height (const TlkLabel *label,
                          double          width,
                          double          min_height)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  PangoContext *ctx;
  Plan plan;
  double need;

  g_return_val_if_fail (label != NULL, min_height);
  g_return_val_if_fail (width > 0 && min_height > 0, min_height);

  if (tlk_label_shape (width, min_height) != TLK_LABEL_SHAPE_SIDE)
    return min_height;

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  ctx = create_context (cr);
  plan_build (&plan, label, ctx, width, min_height);
  /* The text at its first-try size, with the padding above and below; but
   * no longer than keeps the label wide (text beside the QR code): past
   * that, the text shrinks as on any label. */
  need = plan_total (&plan, 1, 1) + (min_height - plan.box.height);
  plan_clear (&plan);
  g_object_unref (ctx);
  return CLAMP (need, min_height, MAX (min_height, width / TLK_LABEL_SIDE_RATIO));
}
