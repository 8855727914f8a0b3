/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TLK_TYPE_SERVER (tlk_server_get_type ())
G_DECLARE_FINAL_TYPE (TlkServer, tlk_server, TLK, SERVER, GObject)

#define TLK_SERVER_ERROR (tlk_server_error_quark ())

/**
 * TlkServerError:
 * @TLK_SERVER_ERROR_LISTEN: the address cannot be listened on
 * @TLK_SERVER_ERROR_TLS: the certificate or key cannot be used, or TLS is
 *   not available (glib-networking missing)
 * @TLK_SERVER_ERROR_PASSWORD: a password is empty or cannot be hashed
 * @TLK_SERVER_ERROR_CRYPTO: libsodium cannot start (no source of randomness)
 */
typedef enum
{
  TLK_SERVER_ERROR_LISTEN,
  TLK_SERVER_ERROR_TLS,
  TLK_SERVER_ERROR_PASSWORD,
  TLK_SERVER_ERROR_CRYPTO,
} TlkServerError;

/* The limits of PROTOCOL.md. */
#define TLK_SERVER_MAX_BODY        (4 * 1024 * 1024)
#define TLK_SERVER_TOKEN_LIFETIME  (7 * 24 * 3600)

GQuark      tlk_server_error_quark        (void);

/* Opens (creating and migrating) the server's database at @db_path. */
TlkServer  *tlk_server_new        (const char  *db_path,
                                   GError     **error);
/* Listens on @host:@port (port 0: any free one); with @tls_cert and
 * @tls_key (PEM files) it speaks HTTPS. */
gboolean    tlk_server_listen     (TlkServer   *self,
                                   const char  *host,
                                   guint        port,
                                   const char  *tls_cert,
                                   const char  *tls_key,
                                   GError     **error);
/* The port actually listened on. */
guint       tlk_server_get_port   (TlkServer   *self);
gboolean    tlk_server_is_https   (TlkServer   *self);
/* How long a new token is valid, in seconds (default 7 days; tests make
 * it short). */
void        tlk_server_set_token_lifetime (TlkServer *self,
                                           guint      seconds);
/* Stops accepting, lets requests in flight finish, checkpoints the
 * database; emits ::stopped when done. */
void        tlk_server_shutdown   (TlkServer   *self);

G_END_DECLS
