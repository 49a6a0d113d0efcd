package dev.pitwall.app.cli;

import dev.pitwall.producer.source.SourceException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps failures to exit codes (0 ok, 1 runtime failure, 2 bad usage) and one red line on stderr;
 * the stack trace only with {@code --verbose}.
 */
public final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PitwallException failure = asPitwall(ex);
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText("pitwall: " + failure.oneLine()));
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        if (leaf.hasMatchedOption("--verbose")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return failure.code().exitCode();
    }

    public static int handleUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText("pitwall: " + ex.getMessage()));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return 2;
    }

    static PitwallException asPitwall(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PitwallException p) {
                return p;
            }
            if (t instanceof SourceException s) {
                ErrorCode code = switch (s.kind()) {
                    case NOT_FOUND -> ErrorCode.SOURCE_NOT_FOUND;
                    case UNREACHABLE -> ErrorCode.SOURCE_UNREACHABLE;
                    case BAD_RESPONSE -> ErrorCode.SOURCE_BAD_RESPONSE;
                };
                return new PitwallException(code, s.getMessage(), s);
            }
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return new PitwallException(ErrorCode.STAGE_FAILED, msg.lines().findFirst().orElse(msg), ex);
    }
}
