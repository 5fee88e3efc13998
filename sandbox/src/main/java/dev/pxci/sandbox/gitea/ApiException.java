package dev.pxci.sandbox.gitea;

/** An API answer other than success: Gitea's status code and the text of its {@code APIError} body. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    static ApiException notFound() {
        return new ApiException(404, "not found");
    }
}
