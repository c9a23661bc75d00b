/* banned.h -- calls recall never makes (STYLE.md §12).
 *
 * Included last by every core source file; a use of one of these names
 * after it fails to compile.  Each has a safe replacement: rc_buf or
 * snprintf for the string functions, strtol with checks for atoi, the _r
 * variants for the time functions, and the injected clock and RNG. */
#ifndef RECALL_BANNED_H
#define RECALL_BANNED_H

#pragma GCC poison strcpy strcat sprintf vsprintf strtok gets atoi
#pragma GCC poison gmtime localtime ctime asctime rand

#endif /* RECALL_BANNED_H */
