import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Starts Debian's JMeter 2.13 so that it can load plans on current Debian.
 *
 * Debian ships a newer XStream than JMeter 2.13 was built for; its default security framework
 * refuses JMeter's own classes (ForbiddenClassException: org.apache.jmeter.save.ScriptWrapper).
 * This launcher initialises JMeter's properties (SaveService reads saveservice.properties in its
 * static initialiser), allows any type on every XStream instance of SaveService, then hands over to
 * JMeter's own entry point with the original arguments.
 *
 * Run with -Djmeter.home=/usr/share/jmeter and the jars of bin/, lib/ and lib/ext/ on the class path
 * (jmeter/run.sh compiles and runs it). Only for trusted plans: the permission check it lifts guards
 * against deserialising untrusted XML.
 */
public final class ProstJMeter {
  private ProstJMeter() {}

  public static void main(String[] args) throws Exception {
    String home = System.getProperty("jmeter.home", "/usr/share/jmeter");
    Class<?> utils = Class.forName("org.apache.jmeter.util.JMeterUtils");
    utils.getMethod("setJMeterHome", String.class).invoke(null, home);
    utils.getMethod("loadJMeterProperties", String.class)
        .invoke(null, home + File.separator + "bin" + File.separator + "jmeter.properties");

    Class<?> xstreamClass = Class.forName("com.thoughtworks.xstream.XStream");
    Class<?> typePermission = Class.forName("com.thoughtworks.xstream.security.TypePermission");
    Object any = Class.forName("com.thoughtworks.xstream.security.AnyTypePermission").getField("ANY").get(null);
    Method addPermission = xstreamClass.getMethod("addPermission", typePermission);

    Class<?> saveService = Class.forName("org.apache.jmeter.save.SaveService");
    int patched = 0;
    for (Field field : saveService.getDeclaredFields()) {
      if (!xstreamClass.isAssignableFrom(field.getType()) || !Modifier.isStatic(field.getModifiers())) continue;
      field.setAccessible(true);
      Object xstream = field.get(null);
      if (xstream == null) continue;
      addPermission.invoke(xstream, any);
      patched++;
    }
    if (patched == 0) {
      System.err.println("ProstJMeter: no XStream field found in SaveService; plans may not load");
    }

    Class.forName("org.apache.jmeter.NewDriver").getMethod("main", String[].class).invoke(null, (Object) args);
  }
}
