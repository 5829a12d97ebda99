/**
 * The comparison report: runs the JMH suite and the Python scripts in one session and writes the Markdown table, the
 * chart and the machine it ran on.
 */
package dev.mproc.bench.report;
