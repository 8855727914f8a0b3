/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-dashboard-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tlk-dash-chart.h"
#include "tlk-dash-figure.h"
#include "tlk-device-page.h"
#include "tlk-event.h"
#include "tlk-kit-page.h"
#include "tlk-store-dashboard.h"

#define LIST_LIMIT 500

/* The open order states, in the order an order passes them. */
#define FIRST_OPEN_STATE TLK_ORDER_RECEIVED
#define LAST_OPEN_STATE  TLK_ORDER_RETURNED
#define N_OPEN_STATES    (LAST_OPEN_STATE - FIRST_OPEN_STATE + 1)

/* The pipeline's segments: at most this many kinds of customer. */
#define MAX_KINDS 8

/* One line of the SLA table. */
typedef struct
{
  GtkWidget *name;
  GtkWidget *task;
  GtkWidget *target;
  GtkWidget *open;
  GtkWidget *late;
  GtkWidget *done;
  GtkWidget *on_time;
} SlaLine;

struct _TlkDashboardView
{
  AdwBin          parent_instance;

  TlkContext     *context;
  TlkDashboard   *dash;            /* the figures shown; NULL before the first */
  GCancellable   *loading;         /* the refresh under way */
  gboolean        again;           /* changed while it ran: once more after */
  GDateTime      *read_at;

  /* The list behind a figure. */
  GCancellable   *list_loading;
  TlkDashList     list;
  char           *list_a;
  char           *list_b;
  gboolean        list_loaded;
  GtkWidget      *list_opener;     /* weak: the figure that opened it */
  GtkWidget      *list_row;        /* weak: the row last opened in it */

  GArray         *sla_lines;       /* of SlaLine */
  GtkWidget      *pipeline_rows[N_OPEN_STATES];

  AdwLeaflet     *leaflet;
  GtkLabel       *updated_label;
  GtkLabel       *error_label;
  GtkWidget      *updating_box;
  GtkSpinner     *updating_spinner;
  GtkSpinButton  *horizon_spin;
  GtkStack       *content_stack;
  AdwStatusPage  *error_page;
  TlkDashFigure  *overdue_figure;
  TlkDashFigure  *late_figure;
  TlkDashFigure  *expiring_figure;
  TlkDashFigure  *calibration_figure;
  TlkDashFigure  *quarantine_figure;
  TlkDashFigure  *reprocessing_figure;
  TlkDashFigure  *on_hold_figure;
  TlkDashFigure  *conflicts_figure;
  GtkListBox     *stock_list;
  TlkDashChart   *stock_chart;
  GtkGrid        *stock_table;
  GtkListBox     *states_list;
  GtkListBox     *locations_list;
  TlkDashChart   *pipeline_chart;
  GtkGrid        *pipeline_table;
  GtkListBox     *pipeline_list;
  GtkGrid        *sla_grid;
  GtkWidget      *sla_empty_label;
  TlkDashChart   *sla_chart;
  GtkGrid        *sla_table;
  GtkWidget      *list_box;
  GtkLabel       *list_title;
  GtkLabel       *list_count;
  GtkSpinner     *list_spinner;
  GtkStack       *list_stack;
  GtkListBox     *rows_list;
  AdwStatusPage  *list_status;
  GtkWidget      *device_box;
  TlkDevicePage  *device_page;
  GtkWidget      *kit_box;
  TlkKitPage     *kit_page;
};

G_DEFINE_FINAL_TYPE (TlkDashboardView, tlk_dashboard_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_list (TlkDashboardView *self);

/* ---- the lists' names ---------------------------------------------------- */

static const struct
{
  const char    *name;
  TlkDashList    list;
  TlkSubjectKind kind;
} lists[] = {
  { "kits-ready", TLK_DASH_LIST_KITS_READY, TLK_SUBJECT_KIT },
  { "kits-in-state", TLK_DASH_LIST_KITS_IN_STATE, TLK_SUBJECT_KIT },
  { "kits-at", TLK_DASH_LIST_KITS_AT, TLK_SUBJECT_KIT },
  { "orders", TLK_DASH_LIST_ORDERS, TLK_SUBJECT_ORDER },
  { "open-tasks", TLK_DASH_LIST_OPEN_TASKS, TLK_SUBJECT_ORDER },
  { "late-tasks", TLK_DASH_LIST_LATE_TASKS, TLK_SUBJECT_ORDER },
  { "done-tasks", TLK_DASH_LIST_DONE_TASKS, TLK_SUBJECT_ORDER },
  { "expiring", TLK_DASH_LIST_EXPIRING, TLK_SUBJECT_DEVICE },
  { "calibration", TLK_DASH_LIST_CALIBRATION, TLK_SUBJECT_DEVICE },
};

static GVariant *
list_target (const char *list,
             const char *a,
             const char *b)
{
  return g_variant_new ("(smsms)", list, a, b);
}

static TlkSubjectKind
list_kind (TlkDashList list)
{
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i].list == list)
      return lists[i].kind;
  g_return_val_if_reached (TLK_SUBJECT_KIT);
}

static int
horizon_days (TlkDashboardView *self)
{
  if (self->dash != NULL)
    return self->dash->horizon_days;
  return self->context ? g_settings_get_int (tlk_context_get_settings (self->context), "dashboard-horizon-days") : 60;
}

/* State descriptions are written for the middle of a sentence ("ready on
 * the shelf"); as a title they start with a capital. */
static char *
capitalized (const char *text)
{
  g_autofree char *first = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup (text);
  first = g_utf8_strup (text, g_utf8_next_char (text) - text);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

/* ---- rows of figures ------------------------------------------------------ */

/* A row of a boxed list that counts something and opens its list: the
 * title, a note with a warning icon (hidden when all is well), the count. */
static GtkWidget *
figure_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *note = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *note_label = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_box_append (GTK_BOX (note), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_box_append (GTK_BOX (note), note_label);
  gtk_widget_add_css_class (note, "warning");
  gtk_widget_set_visible (note, FALSE);
  gtk_widget_set_valign (note, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "title-4");
  gtk_widget_add_css_class (value, "dash-value");
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), note);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "dash-note", note);
  g_object_set_data (G_OBJECT (row), "dash-note-label", note_label);
  g_object_set_data (G_OBJECT (row), "dash-value", value);
  return row;
}

static void
figure_row_set (GtkWidget  *row,
                const char *title,
                const char *subtitle,
                int         value,
                const char *note,
                GVariant   *target)
{
  g_autofree char *text = g_strdup_printf ("%d", value);
  g_autofree char *described = note ? g_strdup_printf ("%s, %s", text, note) : g_strdup (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "dash-value"), text);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "dash-note-label"), note);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "dash-note"), note != NULL);
  /* The target first: an action with a parameter refuses to be without. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "dash.show-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, described, -1);
}

/* The first @n rows of @list, made or reused (the keyboard focus stays
 * where it was across refreshes); the rest go. */
static void
keep_rows (GtkListBox *list,
           guint       n)
{
  GtkListBoxRow *row;

  for (guint i = 0; i < n; i++)
    if (gtk_list_box_get_row_at_index (list, i) == NULL)
      gtk_list_box_append (list, figure_row_new ());
  while ((row = gtk_list_box_get_row_at_index (list, n)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* ---- the figures ---------------------------------------------------------- */

static void
show_attention (TlkDashboardView *self,
                TlkDashboard     *dash)
{
  TlkDashFigure *backlog[3] = { self->quarantine_figure, self->reprocessing_figure, self->on_hold_figure };
  g_autofree char *expiring = g_strdup_printf (ngettext ("Expiring within %d day", "Expiring within %d days",
                                                         dash->horizon_days), dash->horizon_days);
  g_autofree char *calibration = g_strdup_printf (ngettext ("Calibration due within %d day",
                                                            "Calibration due within %d days", dash->horizon_days),
                                                  dash->horizon_days);

  tlk_dash_figure_set_value (self->overdue_figure, dash->overdue_returns);
  tlk_dash_figure_set_level (self->overdue_figure, dash->overdue_returns > 0 ? "error" : NULL);
  tlk_dash_figure_set_value (self->late_figure, dash->late_tasks);
  tlk_dash_figure_set_level (self->late_figure, dash->late_tasks > 0 ? "warning" : NULL);
  tlk_dash_figure_set_title (self->expiring_figure, expiring);
  tlk_dash_figure_set_value (self->expiring_figure, dash->expiring);
  tlk_dash_figure_set_level (self->expiring_figure, dash->expiring > 0 ? "warning" : NULL);
  tlk_dash_figure_set_title (self->calibration_figure, calibration);
  tlk_dash_figure_set_value (self->calibration_figure, dash->calibration_due);
  tlk_dash_figure_set_level (self->calibration_figure, dash->calibration_due > 0 ? "warning" : NULL);
  tlk_dash_figure_set_value (self->conflicts_figure, dash->open_conflicts);
  tlk_dash_figure_set_level (self->conflicts_figure, dash->open_conflicts > 0 ? "error" : NULL);

  for (int i = 0; i < 3; i++)
    {
      const TlkDashBacklog *b = &dash->backlog[i];
      g_autofree char *detail = NULL;

      if (b->count == 0)
        detail = g_strdup (_("No kits waiting"));
      else
        {
          g_autofree char *oldest = g_strdup_printf (ngettext ("Oldest: %d day", "Oldest: %d days", b->oldest_days),
                                                     b->oldest_days);
          /* Translators: kits by how many days they have waited */
          g_autofree char *ages = g_strdup_printf (_("0–2 days: %d · 3–7: %d · 8–14: %d · 15+: %d"),
                                                   b->buckets[0], b->buckets[1], b->buckets[2], b->buckets[3]);
          detail = g_strdup_printf ("%s\n%s", oldest, ages);
        }
      tlk_dash_figure_set_value (backlog[i], b->count);
      tlk_dash_figure_set_detail (backlog[i], detail);
      /* Waiting over two weeks needs someone to look. */
      tlk_dash_figure_set_level (backlog[i], b->buckets[3] > 0 ? "warning" : NULL);
    }
}

/* The week labels of the stock chart: ISO week numbers, the last "now". */
static GStrv
week_labels (const char *today)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GDate day;
  GStrv labels;
  int y, m, d;

  sscanf (today, "%4d-%2d-%2d", &y, &m, &d);
  for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
    {
      g_autofree char *label = NULL;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, d, m, y);
      g_date_subtract_days (&day, 7 * (TLK_DASHBOARD_WEEKS - 1 - w));
      if (w == TLK_DASHBOARD_WEEKS - 1)
        label = g_strdup (_("Now"));
      else
        /* Translators: a week number on the stock chart; Danish "uge %u" */
        label = g_strdup_printf (_("wk %u"), g_date_get_iso8601_week_of_year (&day));
      g_strv_builder_add (builder, label);
    }
  labels = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return labels;
}

static void
show_stock (TlkDashboardView *self,
            TlkDashboard     *dash)
{
  g_auto(GStrv) weeks = week_labels (dash->today);
  g_autoptr(GString) summary = g_string_new (_("Ready kits at the end of each of the last 12 weeks."));

  keep_rows (self->stock_list, dash->stock->len);
  tlk_dash_chart_set_categories (self->stock_chart, (const char * const *) weeks);
  for (guint i = 0; i < dash->stock->len; i++)
    {
      const TlkDashStock *s = g_ptr_array_index (dash->stock, i);
      g_autofree char *threshold = s->reorder_at > 0 ? g_strdup_printf (_("Reorder threshold: %d"), s->reorder_at)
                                                     : g_strdup (_("No reorder threshold"));
      double values[TLK_DASHBOARD_WEEKS];

      figure_row_set (GTK_WIDGET (gtk_list_box_get_row_at_index (self->stock_list, i)), s->name, threshold, s->ready,
                      s->low ? _("Low stock") : NULL, list_target ("kits-ready", s->kit_type, NULL));
      for (int w = 0; w < TLK_DASHBOARD_WEEKS; w++)
        values[w] = s->weekly[w];
      tlk_dash_chart_add_series (self->stock_chart, s->name, values, NULL, s->reorder_at > 0 ? s->reorder_at : NAN);
      g_string_append_c (summary, ' ');
      if (s->reorder_at > 0)
        /* Translators: a kit type: ready stock 11 weeks ago, now, the threshold; "low" follows when it is */
        g_string_append_printf (summary, _("%s: %d, now %d, reorder threshold %d%s."), s->name, s->weekly[0], s->ready,
                                s->reorder_at, s->low ? _(", low stock") : "");
      else
        g_string_append_printf (summary, _("%s: %d, now %d."), s->name, s->weekly[0], s->ready);
    }
  tlk_dash_chart_set_summary (self->stock_chart, summary->str);
  tlk_dash_chart_fill_table (self->stock_chart, self->stock_table, _("Week"), _("Reorder threshold"));
}

static void
show_counts (GtkListBox *list,
             GPtrArray  *counts,
             const char *target)
{
  keep_rows (list, counts->len);
  for (guint i = 0; i < counts->len; i++)
    {
      const TlkDashCount *c = g_ptr_array_index (counts, i);
      g_autofree char *label = capitalized (c->label);

      figure_row_set (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)), label, NULL, c->count, NULL,
                      list_target (target, c->key, NULL));
    }
}

static int
compare_pipeline (gconstpointer a,
                  gconstpointer b)
{
  const TlkDashPipeline *x = *(TlkDashPipeline **) a, *y = *(TlkDashPipeline **) b;

  if (x->count != y->count)
    return y->count - x->count;
  return g_utf8_collate (x->name, y->name);
}

static const char *
customer_kind_describe (const char *kind)
{
  if (g_strcmp0 (kind, "municipality") == 0)
    return _("Municipalities");
  if (g_strcmp0 (kind, "region") == 0)
    return _("Regions");
  if (g_strcmp0 (kind, "hospital") == 0)
    return _("Hospital units");
  return _("General practitioners");
}

/* The expander row of an open order state: the count opens the state's
 * orders, its rows each customer's. */
static GtkWidget *
pipeline_row_new (TlkOrderState state)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *title = capitalized (tlk_order_state_describe (state));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dash-value");
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          list_target ("orders", tlk_order_state_to_string (state), NULL));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dash.show-list");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "dash-button", button);
  g_object_set_data (G_OBJECT (row), "dash-value", label);
  g_object_set_data_full (G_OBJECT (row), "dash-rows", g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
  return row;
}

static void
show_pipeline_row (GtkWidget     *row,
                   TlkOrderState  state,
                   int            total,
                   GPtrArray     *entries)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "dash-button");
  GPtrArray *rows = g_object_get_data (G_OBJECT (row), "dash-rows");
  g_autofree char *count = g_strdup_printf ("%d", total);
  g_autofree char *label = g_strdup_printf (ngettext ("Show the %d order", "Show all %d orders", total), total);
  g_autofree char *customers = g_strdup_printf (ngettext ("%u customer", "%u customers", entries->len), entries->len);

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "dash-value"), count);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), entries->len > 0 ? customers : NULL);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), entries->len > 0);
  while (rows->len > entries->len)
    {
      adw_expander_row_remove (ADW_EXPANDER_ROW (row), g_ptr_array_index (rows, rows->len - 1));
      g_ptr_array_set_size (rows, rows->len - 1);
    }
  while (rows->len < entries->len)
    {
      GtkWidget *child = figure_row_new ();

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
      g_ptr_array_add (rows, child);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const TlkDashPipeline *p = g_ptr_array_index (entries, i);

      figure_row_set (g_ptr_array_index (rows, i), p->name, NULL, p->count, NULL,
                      list_target ("orders", tlk_order_state_to_string (state), p->customer));
    }
}

static void
show_pipeline (TlkDashboardView *self,
               TlkDashboard     *dash)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) states = NULL;
  g_autoptr(GString) summary = g_string_new (_("Open orders by state:"));
  const char *const *kinds = tlk_customer_kinds ();
  guint n_kinds = g_strv_length ((char **) kinds);
  double by_kind[MAX_KINDS][N_OPEN_STATES] = { { 0, } };
  gboolean kind_used[MAX_KINDS] = { FALSE, };

  g_return_if_fail (n_kinds <= MAX_KINDS);

  for (int s = FIRST_OPEN_STATE; s <= LAST_OPEN_STATE; s++)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      g_autofree char *state = capitalized (tlk_order_state_describe (s));

      for (guint i = 0; i < dash->pipeline->len; i++)
        {
          TlkDashPipeline *p = g_ptr_array_index (dash->pipeline, i);
          guint k = n_kinds - 1;

          if ((int) p->state != s)
            continue;
          g_ptr_array_add (entries, p);
          for (guint j = 0; j < n_kinds; j++)
            if (g_strcmp0 (p->kind, kinds[j]) == 0)
              k = j;
          by_kind[k][s - FIRST_OPEN_STATE] += p->count;
          kind_used[k] = TRUE;
        }
      g_ptr_array_sort (entries, compare_pipeline);
      show_pipeline_row (self->pipeline_rows[s - FIRST_OPEN_STATE], s, dash->pipeline_by_state[s], entries);
      g_strv_builder_add (builder, state);
      /* Translators: an order state and how many orders are in it, in a list */
      g_string_append_printf (summary, _(" %s %d"), tlk_order_state_describe (s), dash->pipeline_by_state[s]);
      g_string_append_c (summary, s < LAST_OPEN_STATE ? ',' : '.');
    }
  states = g_strv_builder_end (builder);
  tlk_dash_chart_set_categories (self->pipeline_chart, (const char * const *) states);
  for (guint k = 0; k < n_kinds; k++)
    if (kind_used[k])
      tlk_dash_chart_add_series (self->pipeline_chart, customer_kind_describe (kinds[k]), by_kind[k], NULL,
                                 NAN);
  tlk_dash_chart_set_summary (self->pipeline_chart, summary->str);
  tlk_dash_chart_fill_table (self->pipeline_chart, self->pipeline_table, _("State"), NULL);
}

/* ---- the SLA table -------------------------------------------------------- */

static GtkWidget *
sla_label (GtkGrid *grid,
           int      column,
           int      row,
           float    xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static GtkWidget *
sla_button (GtkGrid *grid,
            int      column,
            int      row)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dash-value");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_object_set_data (G_OBJECT (button), "dash-icon", icon);
  g_object_set_data (G_OBJECT (button), "dash-value", label);
  gtk_grid_attach (grid, button, column, row, 1, 1);
  return button;
}

static void
sla_button_set (GtkWidget  *button,
                int         value,
                const char *level,
                const char *what,
                GVariant   *target)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (button), "dash-value");
  g_autofree char *text = g_strdup_printf ("%d", value);
  /* Translators: a figure of the SLA table read aloud: customer and task, column, number */
  g_autofree char *spoken = g_strdup_printf (_("%s: %s"), what, text);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (button), "dash-icon"), level != NULL && value > 0);
  gtk_widget_remove_css_class (button, "error");
  if (level != NULL && value > 0)
    gtk_widget_add_css_class (button, level);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dash.show-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
keep_sla_lines (TlkDashboardView *self,
                guint             n)
{
  while (self->sla_lines->len > n)
    {
      SlaLine *line = &g_array_index (self->sla_lines, SlaLine, self->sla_lines->len - 1);
      GtkWidget *widgets[] = { line->name, line->task, line->target, line->open, line->late, line->done,
                               line->on_time };

      for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
        gtk_grid_remove (self->sla_grid, widgets[i]);
      g_array_set_size (self->sla_lines, self->sla_lines->len - 1);
    }
  while (self->sla_lines->len < n)
    {
      int row = self->sla_lines->len + 1;
      SlaLine line;

      line.name = sla_label (self->sla_grid, 0, row, 0);
      line.task = sla_label (self->sla_grid, 1, row, 0);
      line.target = sla_label (self->sla_grid, 2, row, 0);
      line.open = sla_button (self->sla_grid, 3, row);
      line.late = sla_button (self->sla_grid, 4, row);
      line.done = sla_button (self->sla_grid, 5, row);
      line.on_time = sla_label (self->sla_grid, 6, row, 1);
      gtk_widget_add_css_class (line.task, "dim-label");
      gtk_widget_add_css_class (line.on_time, "numeric");
      gtk_widget_set_margin_end (line.on_time, 10);
      g_array_append_val (self->sla_lines, line);
    }
}

static const char *
task_name (TlkSlaTask task)
{
  return task == TLK_SLA_INSTALL ? "install" : "pickup";
}

static char *
on_time_text (int done,
              int on_time)
{
  if (done == 0)
    return g_strdup ("–");
  /* Translators: tasks done on time: the share, how many, of how many */
  return g_strdup_printf (_("%d %% (%d of %d)"), (int) round (100.0 * on_time / done), on_time, done);
}

static void
show_sla (TlkDashboardView *self,
          TlkDashboard     *dash)
{
  g_autoptr(GStrvBuilder) months = g_strv_builder_new ();
  GStrvBuilder *texts[TLK_SLA_N_TASKS] = { g_strv_builder_new (), g_strv_builder_new () };
  g_auto(GStrv) month_labels = NULL;
  double values[TLK_SLA_N_TASKS][TLK_DASHBOARD_MONTHS];
  guint n_months = MIN (dash->sla_months->len, TLK_DASHBOARD_MONTHS);
  const TlkDashSlaMonth *now = NULL;
  g_autofree char *install_now = NULL;
  g_autofree char *pickup_now = NULL;
  g_autofree char *summary = NULL;

  keep_sla_lines (self, dash->sla->len);
  gtk_widget_set_visible (self->sla_empty_label, dash->sla->len == 0);
  for (guint i = 0; i < dash->sla->len; i++)
    {
      const TlkDashSla *s = g_ptr_array_index (dash->sla, i);
      SlaLine *line = &g_array_index (self->sla_lines, SlaLine, i);
      const char *task = tlk_sla_task_describe (s->task);
      g_autofree char *target = s->target_days > 0
                                ? g_strdup_printf (ngettext ("%d working day", "%d working days", s->target_days),
                                                   s->target_days)
                                : g_strdup (_("No target"));
      g_autofree char *on_time = on_time_text (s->done, s->done - s->done_late);
      g_autofree char *open = g_strdup_printf ("%s, %s, %s", s->name, task, C_("sla", "Open"));
      g_autofree char *late = g_strdup_printf ("%s, %s, %s", s->name, task, C_("sla", "Late"));
      g_autofree char *done = g_strdup_printf ("%s, %s, %s", s->name, task, _("Done this month"));

      const TlkDashSla *before = i > 0 ? g_ptr_array_index (dash->sla, i - 1) : NULL;

      /* A customer's tasks are together: the name once. */
      gtk_label_set_label (GTK_LABEL (line->name),
                           before != NULL && g_strcmp0 (before->customer, s->customer) == 0 ? NULL : s->name);
      gtk_label_set_label (GTK_LABEL (line->task), task);
      gtk_label_set_label (GTK_LABEL (line->target), target);
      gtk_label_set_label (GTK_LABEL (line->on_time), on_time);
      sla_button_set (line->open, s->open, NULL, open, list_target ("open-tasks", task_name (s->task), s->customer));
      sla_button_set (line->late, s->open_late, "error", late,
                      list_target ("late-tasks", task_name (s->task), s->customer));
      sla_button_set (line->done, s->done, NULL, done, list_target ("done-tasks", task_name (s->task), s->customer));
    }

  for (guint m = 0; m < n_months; m++)
    {
      const TlkDashSlaMonth *month = g_ptr_array_index (dash->sla_months, m);
      int y = 2000, mo = 1;
      g_autoptr(GDateTime) first = NULL;
      g_autofree char *label = NULL;

      sscanf (month->month, "%4d-%2d", &y, &mo);
      first = g_date_time_new_utc (y, mo, 1, 0, 0, 0);
      /* Translators: a month on the SLA chart, as strftime writes it; Danish "%b %y" too */
      label = first ? g_date_time_format (first, _("%b %y")) : g_strdup (month->month);
      g_strv_builder_add (months, label);
      for (int t = 0; t < TLK_SLA_N_TASKS; t++)
        {
          g_autofree char *text = on_time_text (month->done[t], month->on_time[t]);

          values[t][m] = month->done[t] > 0 ? 100.0 * month->on_time[t] / month->done[t] : NAN;
          g_strv_builder_add (texts[t], text);
        }
      now = month;
    }
  month_labels = g_strv_builder_end (months);
  tlk_dash_chart_set_categories (self->sla_chart, (const char * const *) month_labels);
  for (int t = 0; t < TLK_SLA_N_TASKS; t++)
    {
      g_auto(GStrv) cells = g_strv_builder_end (texts[t]);

      g_strv_builder_unref (texts[t]);
      tlk_dash_chart_add_series (self->sla_chart, t == TLK_SLA_INSTALL ? _("Installations") : _("Pickups"),
                                 values[t], (const char * const *) cells, NAN);
    }
  install_now = now && now->done[TLK_SLA_INSTALL] > 0
                ? on_time_text (now->done[TLK_SLA_INSTALL], now->on_time[TLK_SLA_INSTALL]) : g_strdup (_("none done"));
  pickup_now = now && now->done[TLK_SLA_PICKUP] > 0
               ? on_time_text (now->done[TLK_SLA_PICKUP], now->on_time[TLK_SLA_PICKUP]) : g_strdup (_("none done"));
  summary = g_strdup_printf (_("Share of tasks done on time in each of the last 12 months. "
                               "This month: installations %s on time, pickups %s on time."),
                             install_now, pickup_now);
  tlk_dash_chart_set_summary (self->sla_chart, summary);
  tlk_dash_chart_fill_table (self->sla_chart, self->sla_table, _("Month"), NULL);
}

static void
show_read_at (TlkDashboardView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (self->read_at == NULL)
    return;
  /* Translators: a day as strftime writes it; Danish "%A %-e. %B %Y" gives "mandag 23. november 2026". */
  day = g_date_time_format (self->read_at, _("%A, %B %-e, %Y"));
  time = g_date_time_format (self->read_at, "%H:%M");
  /* Translators: the dashboard's date, the time the figures were read */
  text = g_strdup_printf (_("Figures for %s, read at %s"), day, time);
  gtk_label_set_label (self->updated_label, text);
}

static void
show_figures (TlkDashboardView *self,
              TlkDashboard     *dash)
{
  show_attention (self, dash);
  show_stock (self, dash);
  show_counts (self->states_list, dash->kits_by_state, "kits-in-state");
  show_counts (self->locations_list, dash->kits_by_location, "kits-at");
  show_pipeline (self, dash);
  show_sla (self, dash);
  g_clear_pointer (&self->read_at, g_date_time_unref);
  self->read_at = g_date_time_new_now_local ();
  show_read_at (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "figures");
}

/* ---- reading the figures -------------------------------------------------- */

typedef struct
{
  char         *path;
  char         *today;
  int           horizon;
  TlkDashboard *dash;
} Refresh;

static void
refresh_free (Refresh *r)
{
  g_free (r->path);
  g_free (r->today);
  g_clear_pointer (&r->dash, tlk_dashboard_free);
  g_free (r);
}

static void
refresh_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Refresh *r = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = NULL;

  /* Its own connection: WAL lets it read while the window writes. */
  store = tlk_store_open (r->path, &error);
  if (store != NULL)
    r->dash = tlk_store_dashboard (store, r->today, r->horizon, &error);
  if (r->dash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_loading (TlkDashboardView *self,
             gboolean          loading)
{
  gtk_widget_set_visible (self->updating_box, loading && self->dash != NULL);
  gtk_spinner_set_spinning (self->updating_spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TlkDashboardView *self = TLK_DASHBOARD_VIEW (source);
  Refresh *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* Cancelled: the view is going away. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (error != NULL)
    {
      if (self->dash == NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->content_stack, "error");
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Could not update: %s"), error->message);

          gtk_label_set_label (self->error_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
    }
  else
    {
      g_clear_pointer (&self->dash, tlk_dashboard_free);
      self->dash = g_steal_pointer (&r->dash);
      show_figures (self, self->dash);
      /* The list shown may have changed with them. */
      if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0)
        load_list (self);
    }
  set_loading (self, FALSE);
  /* A hidden view reads when it is shown again. */
  if (self->again && gtk_widget_get_mapped (GTK_WIDGET (self)))
    tlk_dashboard_view_refresh (self);
  self->again = FALSE;
}

void
tlk_dashboard_view_refresh (TlkDashboardView *self)
{
  g_autoptr(GTask) task = NULL;
  Refresh *r;

  g_return_if_fail (TLK_IS_DASHBOARD_VIEW (self));

  if (self->context == NULL)
    return;
  /* One at a time: changes during a refresh ask for one more after it. */
  if (self->loading != NULL)
    {
      self->again = TRUE;
      return;
    }
  self->again = FALSE;
  self->loading = g_cancellable_new ();

  r = g_new0 (Refresh, 1);
  r->path = g_strdup (tlk_store_get_path (tlk_context_get_store (self->context)));
  r->today = tlk_date_today_local_iso ();
  r->horizon = g_settings_get_int (tlk_context_get_settings (self->context), "dashboard-horizon-days");
  task = g_task_new (self, self->loading, refresh_done_cb, NULL);
  g_task_set_source_tag (task, tlk_dashboard_view_refresh);
  g_task_set_task_data (task, r, (GDestroyNotify) refresh_free);
  g_task_run_in_thread (task, refresh_thread);
  set_loading (self, TRUE);
}

/* Read again when shown, and while shown after every change; a hidden view
 * reads when it is next shown. */
static void
on_context_changed_cb (TlkDashboardView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    tlk_dashboard_view_refresh (self);
}

static void
on_map_cb (TlkDashboardView *self)
{
  tlk_dashboard_view_refresh (self);
}

static void
on_horizon_changed_cb (TlkDashboardView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    tlk_dashboard_view_refresh (self);
}

/* ---- the list behind a figure --------------------------------------------- */

static const char *
customer_label (TlkDashboardView *self,
                const char       *customer)
{
  for (guint i = 0; self->dash != NULL && i < self->dash->pipeline->len; i++)
    {
      TlkDashPipeline *p = g_ptr_array_index (self->dash->pipeline, i);
      if (g_strcmp0 (p->customer, customer) == 0)
        return p->name;
    }
  for (guint i = 0; self->dash != NULL && i < self->dash->sla->len; i++)
    {
      TlkDashSla *s = g_ptr_array_index (self->dash->sla, i);
      if (g_strcmp0 (s->customer, customer) == 0)
        return s->name;
    }
  return customer;
}

static const char *
task_describe (const char *task)
{
  return tlk_sla_task_describe (g_strcmp0 (task, "pickup") == 0 ? TLK_SLA_PICKUP : TLK_SLA_INSTALL);
}

static char *
list_title (TlkDashboardView *self)
{
  const char *a = self->list_a, *b = self->list_b ? customer_label (self, self->list_b) : NULL;

  switch (self->list)
    {
    case TLK_DASH_LIST_KITS_READY:
      for (guint i = 0; self->dash != NULL && i < self->dash->stock->len; i++)
        {
          TlkDashStock *s = g_ptr_array_index (self->dash->stock, i);
          if (g_strcmp0 (s->kit_type, a) == 0)
            a = s->name;
        }
      return g_strdup_printf (_("Ready: %s"), a);
    case TLK_DASH_LIST_KITS_IN_STATE:
      return g_strdup_printf (_("Kits: %s"), tlk_kit_state_describe (tlk_kit_state_from_string (a)));
    case TLK_DASH_LIST_KITS_AT:
      for (guint i = 0; self->dash != NULL && i < self->dash->kits_by_location->len; i++)
        {
          TlkDashCount *c = g_ptr_array_index (self->dash->kits_by_location, i);
          if (g_strcmp0 (c->key, self->list_a) == 0)
            return g_strdup_printf (_("Kits: %s"), c->label);
        }
      return g_strdup_printf (_("Kits: %s"), a ? a : "");
    case TLK_DASH_LIST_ORDERS:
      a = tlk_order_state_describe (tlk_order_state_from_string (a));
      return b ? g_strdup_printf (_("Orders: %s · %s"), a, b) : g_strdup_printf (_("Orders: %s"), a);
    case TLK_DASH_LIST_OPEN_TASKS:
      a = task_describe (a);
      return b ? g_strdup_printf (_("Open: %s · %s"), a, b) : g_strdup_printf (_("Open: %s"), a);
    case TLK_DASH_LIST_LATE_TASKS:
      if (a == NULL)
        return g_strdup (_("Late tasks"));
      if (b == NULL && g_strcmp0 (a, "pickup") == 0)
        return g_strdup (_("Overdue returns"));
      a = task_describe (a);
      return b ? g_strdup_printf (_("Late: %s · %s"), a, b) : g_strdup_printf (_("Late: %s"), a);
    case TLK_DASH_LIST_DONE_TASKS:
      a = task_describe (a);
      return b ? g_strdup_printf (_("Done this month: %s · %s"), a, b) : g_strdup_printf (_("Done this month: %s"), a);
    case TLK_DASH_LIST_EXPIRING:
      return g_strdup_printf (ngettext ("Expiring within %d day", "Expiring within %d days", horizon_days (self)),
                              horizon_days (self));
    case TLK_DASH_LIST_CALIBRATION:
      return g_strdup_printf (ngettext ("Calibration due within %d day", "Calibration due within %d days",
                                        horizon_days (self)), horizon_days (self));
    default:
      g_return_val_if_reached (NULL);
    }
}

typedef struct
{
  char        *path;
  char        *today;
  int          horizon;
  TlkDashList  list;
  char        *a;
  char        *b;
  GPtrArray   *rows;
  guint        total;
} ListLoad;

static void
list_load_free (ListLoad *l)
{
  g_free (l->path);
  g_free (l->today);
  g_free (l->a);
  g_free (l->b);
  g_clear_pointer (&l->rows, g_ptr_array_unref);
  g_free (l);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListLoad *l = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlkStore) store = tlk_store_open (l->path, &error);

  if (store != NULL)
    l->rows = tlk_store_dashboard_list (store, l->list, l->a, l->b, l->today, l->horizon, LIST_LIMIT, &l->total,
                                        &error);
  if (l->rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static GtkWidget *
list_row_new (const TlkDashRow *r)
{
  GtkWidget *row = adw_action_row_new ();
  const char *icon = r->kind == TLK_SUBJECT_KIT ? "package-x-generic-symbolic"
                     : r->kind == TLK_SUBJECT_DEVICE ? "phone-symbolic"
                                                     : "document-edit-symbolic";

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), r->subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "dash-kind", GINT_TO_POINTER (r->kind));
  g_object_set_data_full (G_OBJECT (row), "dash-id", g_strdup (r->id), g_free);
  return row;
}

static char *
count_text (TlkSubjectKind kind,
            guint          shown,
            guint          total)
{
  if (shown < total)
    return g_strdup_printf (_("Showing %u of %u"), shown, total);
  switch (kind)
    {
    case TLK_SUBJECT_KIT:
      return g_strdup_printf (ngettext ("%u kit", "%u kits", total), total);
    case TLK_SUBJECT_DEVICE:
      return g_strdup_printf (ngettext ("%u device", "%u devices", total), total);
    default:
      return g_strdup_printf (ngettext ("%u order", "%u orders", total), total);
    }
}

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TlkDashboardView *self = TLK_DASHBOARD_VIEW (source);
  ListLoad *l = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  gboolean had_focus;
  GtkWidget *child;

  /* Cancelled: another list was asked for, or the view is going away. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_loading);
  gtk_spinner_set_spinning (self->list_spinner, FALSE);
  self->list_loaded = TRUE;

  had_focus = gtk_widget_has_focus (self->list_box) ||
              (gtk_widget_get_focus_child (GTK_WIDGET (self->rows_list)) != NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);
  self->list_row = NULL;
  if (error != NULL)
    {
      adw_status_page_set_title (self->list_status, _("The List Could Not Be Read"));
      adw_status_page_set_description (self->list_status, error->message);
      adw_status_page_set_icon_name (self->list_status, "dialog-error-symbolic");
      gtk_label_set_label (self->list_count, NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  for (guint i = 0; i < l->rows->len; i++)
    gtk_list_box_append (self->rows_list, list_row_new (g_ptr_array_index (l->rows, i)));
  count = count_text (list_kind (l->list), l->rows->len, l->total);
  gtk_label_set_label (self->list_count, count);
  adw_status_page_set_title (self->list_status, _("Nothing Here"));
  adw_status_page_set_description (self->list_status, _("The figure is 0 now."));
  adw_status_page_set_icon_name (self->list_status, "object-select-symbolic");
  gtk_stack_set_visible_child_name (self->list_stack, l->rows->len > 0 ? "rows" : "empty");
  /* Keyboard first: the first row, ready for Enter. */
  if (had_focus && l->rows->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->rows_list, 0)));
}

static void
load_list (TlkDashboardView *self)
{
  g_autoptr(GTask) task = NULL;
  ListLoad *l;

  if (self->context == NULL)
    return;
  if (self->list_loading != NULL)
    g_cancellable_cancel (self->list_loading);
  g_clear_object (&self->list_loading);
  self->list_loading = g_cancellable_new ();
  self->list_loaded = FALSE;

  l = g_new0 (ListLoad, 1);
  l->path = g_strdup (tlk_store_get_path (tlk_context_get_store (self->context)));
  l->today = tlk_date_today_local_iso ();
  l->horizon = horizon_days (self);
  l->list = self->list;
  l->a = g_strdup (self->list_a);
  l->b = g_strdup (self->list_b);
  task = g_task_new (self, self->list_loading, list_done_cb, NULL);
  g_task_set_source_tag (task, load_list);
  g_task_set_task_data (task, l, (GDestroyNotify) list_load_free);
  g_task_run_in_thread (task, list_thread);
  gtk_spinner_set_spinning (self->list_spinner, TRUE);
}

static void
show_list_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TlkDashboardView *self = TLK_DASHBOARD_VIEW (widget);
  const char *name, *a, *b;
  g_autofree char *title = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;
  gboolean found = FALSE;

  g_variant_get (param, "(&sm&sm&s)", &name, &a, &b);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_strcmp0 (lists[i].name, name) == 0)
      {
        self->list = lists[i].list;
        found = TRUE;
      }
  g_return_if_fail (found);
  if (self->context == NULL)
    return;

  g_free (self->list_a);
  self->list_a = g_strdup (a);
  g_free (self->list_b);
  self->list_b = g_strdup (b);
  /* Back on the figure that opened it. */
  g_clear_weak_pointer (&self->list_opener);
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->content_stack)))
    g_set_weak_pointer (&self->list_opener, focus);

  title = list_title (self);
  gtk_label_set_label (self->list_title, title);
  gtk_label_set_label (self->list_count, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);
  gtk_stack_set_visible_child_name (self->list_stack, "rows");
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (self->list_box);
  load_list (self);
}

/* ---- the pages ------------------------------------------------------------ */

static void
show_kit (TlkDashboardView *self,
          const char       *code,
          gboolean          from_device)
{
  tlk_kit_page_show_kit (self->kit_page, self->context, code, NULL);
  /* The leaflet goes back to the page before: keep them in order. */
  adw_leaflet_reorder_child_after (self->leaflet, self->device_box, from_device ? self->list_box : self->kit_box);
  adw_leaflet_reorder_child_after (self->leaflet, self->kit_box, from_device ? self->device_box : self->list_box);
  adw_leaflet_set_visible_child_name (self->leaflet, "kit");
}

static void
on_rows_list_row_activated_cb (TlkDashboardView *self,
                               GtkListBoxRow    *row)
{
  TlkSubjectKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dash-kind"));
  const char *id = g_object_get_data (G_OBJECT (row), "dash-id");

  if (self->context == NULL || id == NULL)
    return;
  g_set_weak_pointer (&self->list_row, GTK_WIDGET (row));
  switch (kind)
    {
    case TLK_SUBJECT_KIT:
      show_kit (self, id, FALSE);
      break;
    case TLK_SUBJECT_DEVICE:
      tlk_device_page_show_device (self->device_page, self->context, id);
      adw_leaflet_reorder_child_after (self->leaflet, self->device_box, self->list_box);
      adw_leaflet_reorder_child_after (self->leaflet, self->kit_box, self->device_box);
      adw_leaflet_set_visible_child_name (self->leaflet, "device");
      break;
    default:
      /* The Orders view has the order's page and what can be done there. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", id);
      break;
    }
}

static void
on_device_page_open_kit_cb (TlkDashboardView *self,
                            const char       *code)
{
  if (self->context != NULL)
    show_kit (self, code, TRUE);
}

/* The keyboard follows the page shown, however it was reached (a button,
 * Escape, the leaflet's own back gesture). */
static void
on_leaflet_visible_child_name_cb (TlkDashboardView *self)
{
  const char *page = adw_leaflet_get_visible_child_name (self->leaflet);

  if (g_strcmp0 (page, "figures") == 0)
    {
      if (self->list_loading != NULL)
        g_cancellable_cancel (self->list_loading);
      g_clear_object (&self->list_loading);
      gtk_spinner_set_spinning (self->list_spinner, FALSE);
      if (self->list_opener != NULL && gtk_widget_get_mapped (self->list_opener))
        gtk_widget_grab_focus (self->list_opener);
    }
  else if (g_strcmp0 (page, "list") == 0)
    {
      if (self->list_row != NULL && gtk_widget_get_parent (self->list_row) != NULL)
        gtk_widget_grab_focus (self->list_row);
      else
        gtk_widget_grab_focus (self->list_box);
    }
  else if (g_strcmp0 (page, "kit") == 0)
    gtk_widget_grab_focus (self->kit_box);
  else if (g_strcmp0 (page, "device") == 0)
    gtk_widget_grab_focus (self->device_box);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TlkDashboardView *self = TLK_DASHBOARD_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  tlk_dashboard_view_refresh (TLK_DASHBOARD_VIEW (widget));
}

/* ---- public --------------------------------------------------------------- */

void
tlk_dashboard_view_set_context (TlkDashboardView *self,
                                TlkContext       *context)
{
  g_return_if_fail (TLK_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (TLK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (tlk_context_get_settings (context), "dashboard-horizon-days",
                   gtk_spin_button_get_adjustment (self->horizon_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (tlk_context_get_settings (context), "changed::dashboard-horizon-days",
                           G_CALLBACK (on_horizon_changed_cb), self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    tlk_dashboard_view_refresh (self);
}

void
tlk_dashboard_view_focus (TlkDashboardView *self)
{
  const char *page;

  g_return_if_fail (TLK_IS_DASHBOARD_VIEW (self));

  page = adw_leaflet_get_visible_child_name (self->leaflet);
  if (g_strcmp0 (page, "figures") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->overdue_figure));
  else
    on_leaflet_visible_child_name_cb (self);
}

gboolean
tlk_dashboard_view_get_loading (TlkDashboardView *self)
{
  g_return_val_if_fail (TLK_IS_DASHBOARD_VIEW (self), FALSE);
  return self->loading != NULL;
}

const TlkDashboard *
tlk_dashboard_view_get_dashboard (TlkDashboardView *self)
{
  g_return_val_if_fail (TLK_IS_DASHBOARD_VIEW (self), NULL);
  return self->dash;
}

gboolean
tlk_dashboard_view_is_list_loaded (TlkDashboardView *self)
{
  g_return_val_if_fail (TLK_IS_DASHBOARD_VIEW (self), FALSE);
  return self->list_loaded && self->list_loading == NULL;
}

/* ---- the object ----------------------------------------------------------- */

static void
tlk_dashboard_view_dispose (GObject *object)
{
  TlkDashboardView *self = (TlkDashboardView *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->list_loading != NULL)
    g_cancellable_cancel (self->list_loading);
  g_clear_object (&self->list_loading);
  g_clear_weak_pointer (&self->list_opener);
  g_clear_weak_pointer (&self->list_row);
  /* The parent class takes the template's widgets apart. */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tlk_dashboard_view_parent_class)->dispose (object);
}

static void
tlk_dashboard_view_finalize (GObject *object)
{
  TlkDashboardView *self = (TlkDashboardView *) object;

  g_clear_pointer (&self->dash, tlk_dashboard_free);
  g_clear_pointer (&self->read_at, g_date_time_unref);
  g_clear_pointer (&self->sla_lines, g_array_unref);
  g_free (self->list_a);
  g_free (self->list_b);

  G_OBJECT_CLASS (tlk_dashboard_view_parent_class)->finalize (object);
}

static void
tlk_dashboard_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TlkDashboardView *self = TLK_DASHBOARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_dashboard_view_class_init (TlkDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tlk_dashboard_view_dispose;
  object_class->finalize = tlk_dashboard_view_finalize;
  object_class->get_property = tlk_dashboard_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TLK_TYPE_DASH_CHART);
  g_type_ensure (TLK_TYPE_DASH_FIGURE);
  g_type_ensure (TLK_TYPE_DEVICE_PAGE);
  g_type_ensure (TLK_TYPE_KIT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/dk/telekit/Telekit/dashboard/tlk-dashboard-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, updated_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, error_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, updating_box);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, updating_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, error_page);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, overdue_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, late_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, expiring_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, calibration_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, quarantine_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, reprocessing_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, on_hold_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, conflicts_figure);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, stock_list);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, stock_chart);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, stock_table);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, states_list);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, locations_list);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, pipeline_chart);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, pipeline_table);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, pipeline_list);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, sla_grid);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, sla_empty_label);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, sla_chart);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, sla_table);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, list_box);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, list_title);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, list_count);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, rows_list);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, list_status);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, device_box);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, device_page);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, kit_box);
  gtk_widget_class_bind_template_child (widget_class, TlkDashboardView, kit_page);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rows_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_device_page_open_kit_cb);

  gtk_widget_class_install_action (widget_class, "dash.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "dash.show-list", "(smsms)", show_list_activated);
  gtk_widget_class_install_action (widget_class, "dash.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dash.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dash.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "dash.back", NULL);
}

static void
tlk_dashboard_view_init (TlkDashboardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sla_lines = g_array_new (FALSE, TRUE, sizeof (SlaLine));
  for (int s = FIRST_OPEN_STATE; s <= LAST_OPEN_STATE; s++)
    {
      self->pipeline_rows[s - FIRST_OPEN_STATE] = pipeline_row_new (s);
      gtk_list_box_append (self->pipeline_list, self->pipeline_rows[s - FIRST_OPEN_STATE]);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}
