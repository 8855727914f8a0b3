/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tlk-ui"

#include "config.h"

#include "tlk-scanner.h"

/* Shorter than this is no code of ours nor a GS1 string. */
#define MIN_SCAN_LENGTH 4
/* A person who typed a few keys and stopped: hand them to the entry. */
#define SLOW_HANDOVER_MS 600

struct _TlkScanner
{
  GObject             parent_instance;

  GtkWidget          *widget;       /* unowned; the controller dies with it */
  GtkEventController *controller;
  GString            *buffer;
  guint32             first_time;
  guint32             last_time;
  guint               max_gap;       /* ms */
  gunichar            gs_substitute; /* 0: none */
  gboolean            enabled;
  guint               handover_id;
};

G_DEFINE_FINAL_TYPE (TlkScanner, tlk_scanner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_MAX_GAP,
  PROP_GS_SUBSTITUTE,
  N_PROPS
};

enum {
  SCANNED,
  TYPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
reset (TlkScanner *self)
{
  g_string_truncate (self->buffer, 0);
  g_clear_handle_id (&self->handover_id, g_source_remove);
}

static gboolean
handover_cb (gpointer user_data)
{
  TlkScanner *self = user_data;
  g_autofree char *text = g_strdup (self->buffer->str);

  self->handover_id = 0;
  reset (self);
  if (*text != '\0')
    g_signal_emit (self, signals[TYPED], 0, text);
  return G_SOURCE_REMOVE;
}

static gboolean
focus_takes_text (TlkScanner *self)
{
  GtkRoot *root = gtk_widget_get_root (self->widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) ||
                           gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) != NULL);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   TlkScanner            *self)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));
  gunichar ch;
  glong n;

  if (!self->enabled || focus_takes_text (self))
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter ||
      keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab)
    {
      g_autofree char *text = NULL;

      if (self->buffer->len == 0)
        return GDK_EVENT_PROPAGATE;
      text = g_strdup (self->buffer->str);
      n = g_utf8_strlen (text, -1);
      /* On average faster than max-gap: one late key (a busy computer, a
       * hub) does not turn a scan into typing. */
      if (n >= MIN_SCAN_LENGTH && (self->last_time - self->first_time) <= (guint32) (n - 1) * self->max_gap)
        {
          reset (self);
          g_signal_emit (self, signals[SCANNED], 0, text);
        }
      else
        {
          reset (self);
          g_signal_emit (self, signals[TYPED], 0, text);
        }
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_bracketright && (state & GDK_CONTROL_MASK) != 0)
    ch = 0x1D;
  else if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  else
    {
      ch = gdk_keyval_to_unicode (keyval);
      if (ch == 0 || !g_unichar_isprint (ch))
        return GDK_EVENT_PROPAGATE;
      /* A space alone is a button press, not the start of a code. */
      if (ch == ' ' && self->buffer->len == 0)
        return GDK_EVENT_PROPAGATE;
      if (self->gs_substitute != 0 && ch == self->gs_substitute)
        ch = 0x1D;
    }

  if (self->buffer->len == 0)
    self->first_time = time;
  self->last_time = time;
  g_string_append_unichar (self->buffer, ch);

  g_clear_handle_id (&self->handover_id, g_source_remove);
  self->handover_id = g_timeout_add (SLOW_HANDOVER_MS, handover_cb, self);
  return GDK_EVENT_STOP;
}

static void
tlk_scanner_dispose (GObject *object)
{
  TlkScanner *self = (TlkScanner *) object;

  g_clear_handle_id (&self->handover_id, g_source_remove);
  if (self->widget != NULL && self->controller != NULL)
    gtk_widget_remove_controller (self->widget, self->controller);
  if (self->widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
  self->widget = NULL;
  self->controller = NULL;

  G_OBJECT_CLASS (tlk_scanner_parent_class)->dispose (object);
}

static void
tlk_scanner_finalize (GObject *object)
{
  TlkScanner *self = (TlkScanner *) object;

  g_string_free (self->buffer, TRUE);

  G_OBJECT_CLASS (tlk_scanner_parent_class)->finalize (object);
}

static void
tlk_scanner_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlkScanner *self = TLK_SCANNER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_MAX_GAP:
      g_value_set_uint (value, self->max_gap);
      break;
    case PROP_GS_SUBSTITUTE:
      {
        char buf[8] = { 0 };
        if (self->gs_substitute != 0)
          g_unichar_to_utf8 (self->gs_substitute, buf);
        g_value_set_string (value, buf);
        break;
      }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_scanner_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlkScanner *self = TLK_SCANNER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      tlk_scanner_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_GAP:
      self->max_gap = g_value_get_uint (value);
      break;
    case PROP_GS_SUBSTITUTE:
      {
        const char *s = g_value_get_string (value);
        self->gs_substitute = s != NULL && *s != '\0' ? g_utf8_get_char (s) : 0;
        break;
      }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tlk_scanner_class_init (TlkScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tlk_scanner_dispose;
  object_class->finalize = tlk_scanner_finalize;
  object_class->get_property = tlk_scanner_get_property;
  object_class->set_property = tlk_scanner_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_GAP] =
    g_param_spec_uint ("max-gap", NULL, NULL, 5, 500, 40,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GS_SUBSTITUTE] =
    g_param_spec_string ("gs-substitute", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[TYPED] = g_signal_new ("typed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tlk_scanner_init (TlkScanner *self)
{
  self->buffer = g_string_new (NULL);
  self->max_gap = 40;
  self->enabled = TRUE;
}

TlkScanner *
tlk_scanner_new (GtkWidget *widget)
{
  TlkScanner *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (TLK_TYPE_SCANNER, NULL);
  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);
  self->controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, 0);
  gtk_widget_add_controller (widget, self->controller);
  return self;
}

void
tlk_scanner_set_enabled (TlkScanner *self,
                         gboolean    enabled)
{
  g_return_if_fail (TLK_IS_SCANNER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
tlk_scanner_get_enabled (TlkScanner *self)
{
  g_return_val_if_fail (TLK_IS_SCANNER (self), FALSE);
  return self->enabled;
}
