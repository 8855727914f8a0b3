/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tlk-label.h"

G_BEGIN_DECLS

/*
 * Inside the label layer and its tests only: the geometry tlk_label_render
 * chose, so the ZPL writer follows the same layout and tests can prove that
 * no text left its box.
 */

/* A QR code of a label code holds 10 alphanumeric characters: version 1,
 * 21 × 21 modules, at level M. */
#define TLK_LABEL_QR_QUIET 4

/* A label at least this many times as wide as it is tall gets its text
 * beside the QR code. */
#define TLK_LABEL_SIDE_RATIO 1.3

typedef enum
{
  TLK_LABEL_SHAPE_SIDE,     /* QR code on the left, text beside it */
  TLK_LABEL_SHAPE_STACK,    /* QR code on top, text below */
  TLK_LABEL_SHAPE_COMPACT,  /* QR code and the code only (under 30 mm) */
} TlkLabelShape;

typedef struct
{
  double x, y, width, height;
} TlkLabelRect;

#define TLK_LABEL_MAX_BLOCKS 4

typedef struct
{
  TlkLabelShape shape;
  TlkLabelRect  qr;          /* the QR code with its quiet zone */
  double        module;      /* the side of one module, mm */
  TlkLabelRect  text_box;    /* where text may go */
  guint         n_blocks;
  TlkLabelRect  ink[TLK_LABEL_MAX_BLOCKS];  /* ink extents of each text block */
  double        size[TLK_LABEL_MAX_BLOCKS]; /* font size of each block, mm */
  gboolean      ellipsized;  /* the last resort was needed */
} TlkLabelMetrics;

TlkLabelShape tlk_label_shape                 (double          width,
                                               double          height);
/* libqrencode's symbol for @code: alphanumeric mode, level M. */
QRcode       *tlk_label_qr_encode             (const char     *code);
/* tlk_label_render, reporting what it drew in @metrics. */
void          tlk_label_render_with_metrics   (const TlkLabel *label,
                                               cairo_t        *cr,
                                               double          width,
                                               double          height,
                                               TlkLabelMetrics *metrics);

G_END_DECLS
