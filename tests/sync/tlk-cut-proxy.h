/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP proxy on 127.0.0.1 in front of the server that can break a
 * connection after a given number of bytes: the dropped connections of a
 * driver's mobile network, at any byte. */
typedef struct _TlkCutProxy TlkCutProxy;

TlkCutProxy *tlk_cut_proxy_new       (guint16      upstream_port);
guint16      tlk_cut_proxy_get_port  (TlkCutProxy *proxy);
/* Connections opened from now on are cut after @bytes bytes have passed
 * (both directions counted; with @responses_only, only the server's);
 * -1: never. */
void         tlk_cut_proxy_set_cut   (TlkCutProxy *proxy,
                                      gint64       bytes,
                                      gboolean     responses_only);
/* Connections cut so far. */
guint        tlk_cut_proxy_get_cuts  (TlkCutProxy *proxy);
void         tlk_cut_proxy_set_upstream (TlkCutProxy *proxy,
                                         guint16      upstream_port);
void         tlk_cut_proxy_free      (TlkCutProxy *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlkCutProxy, tlk_cut_proxy_free)

G_END_DECLS
