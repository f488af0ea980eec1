package glimpse.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * JJava's connection with its stdin channel reachable: the library reads input only through a
 * blocking receive ({@code StdinChannel.getInput}) that an interrupt cannot end, so the kernel
 * reads the channel itself ({@link FrontendInput}).
 */
final class GlimpseConnection extends JupyterConnection {
    GlimpseConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
    }

    StdinChannel stdinChannel() { return stdin; }
}
