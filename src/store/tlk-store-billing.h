/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-billing.h"
#include "tlk-store.h"

G_BEGIN_DECLS

/*
 * The billing basis of @month (YYYY-MM) from this store, read in one
 * transaction: the customers and kit types, every stay that overlaps the
 * month (orders installed, until their pickup) and every stop done or
 * failed in it, priced by tlk_billing_compute().
 */
TlkBilling *tlk_store_billing_basis (TlkStore    *store,
                                     const char  *month,
                                     GError     **error);

G_END_DECLS
